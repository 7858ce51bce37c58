package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Push;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A value Jackson cannot write answers {@code 500 unserialisable} with no class name or Jackson detail on the wire;
 * the server's log says which class and why.
 */
class UnserialisableValueTest {

    /** No properties: Jackson refuses to write it (FAIL_ON_EMPTY_BEANS). */
    public static final class Opaque {}

    public record Status(Opaque opaque) {}

    public static class Statuses {
        @Push("/status")
        public Status status() {
            return new Status(new Opaque());
        }
    }

    @Test
    void theClientGetsTheCodeAndTheLogGetsTheClassAndTheReason() throws Exception {
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().equals(Level.WARNING)) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger json = Logger.getLogger("io.realtime.internal.Json");
        json.addHandler(capture);
        try (RealtimeServer server = RealtimeServer.start(Statuses.class)) {
            HttpResponse<String> answer = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(server.uri("/status")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(500);
            assertThat(answer.body())
                    .isEqualTo("{\"error\":{\"code\":\"unserialisable\",\"message\":\"A value could not be written as"
                            + " JSON; the server log says why\"}}");
        } finally {
            json.removeHandler(capture);
        }
        assertThat(warnings).anySatisfy(record -> {
            assertThat(record.getMessage()).contains(Status.class.getName());
            assertThat(record.getThrown()).isNotNull();
        });
    }
}
