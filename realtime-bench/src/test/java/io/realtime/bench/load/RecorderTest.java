package io.realtime.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecorderTest {

    @Test
    void countsEachTickOfTheWindowOncePerClientWhateverTheFraming() {
        Recorder recorder = new Recorder();
        recorder.window(2, 3);
        Client client = client();
        String poll = "{\"cursor\":\"3\",\"events\":[{\"seq\":1,\"sent\":100,\"pad\":\"\"},{\"seq\":2,\"sent\":100,"
                + "\"pad\":\"\"},{\"id\":\"e:3\",\"data\":{\"seq\":3,\"sent\":400,\"pad\":\"xx\"}}]}";
        scan(recorder, client, poll, 1_000);
        scan(recorder, client, "data: 75|{\"seq\":3,\"sent\":400,\"pad\":\"\"}\n\n", 1_000); // a duplicate
        assertThat(recorder.delivered.get()).isEqualTo(2);
        assertThat(recorder.duplicates).isEqualTo(1);
        assertThat(recorder.latencies.max()).isEqualTo(900);
        assertThat(client.lastSeq).isEqualTo(3);
    }

    private static void scan(Recorder recorder, Client client, String text, long now) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        recorder.scan(client, bytes, 0, bytes.length, now);
    }

    private static Client client() {
        Endpoints endpoints = new Endpoints(List.of(new InetSocketAddress("127.0.0.1", 1)));
        return new StreamClient(
                null,
                new Group(null, new Spec(Transport.SSE, Dialect.NAIVE), 0, 1),
                new Spec(Transport.SSE, Dialect.NAIVE),
                endpoints);
    }
}
