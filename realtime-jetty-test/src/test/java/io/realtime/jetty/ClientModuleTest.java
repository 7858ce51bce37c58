package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The runtime jar carries the browser client; the container serves it under the application's context. */
class ClientModuleTest {

    public static class Feed {
        private final Topics topics;

        public Feed(Topics topics) {
            this.topics = topics;
        }

        @Stream("/feed")
        public Topic<String> feed() {
            return topics.get("feed");
        }
    }

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(
            RealtimeServer.builder().services(Feed.class).contextPath("/app"));

    @Test
    void theModuleAndItsTypesAreServedFromTheRuntimeJar() throws Exception {
        HttpResponse<byte[]> module = get("/realtime/realtime.js");
        assertThat(module.statusCode()).isEqualTo(200);
        assertThat(module.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));
        assertThat(module.body()).isEqualTo(resource("META-INF/resources/realtime/realtime.js"));

        HttpResponse<byte[]> types = get("/realtime/realtime.d.ts");
        assertThat(types.statusCode()).isEqualTo(200);
        assertThat(types.body()).isEqualTo(resource("META-INF/resources/realtime/realtime.d.ts"));
    }

    @Test
    void staticFilesDoNotListDirectories() throws Exception {
        assertThat(get("/realtime/").statusCode()).isEqualTo(403);
    }

    private static HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return server.get()
                .client()
                .send(HttpRequest.newBuilder(server.get().uri(path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in =
                io.realtime.runtime.Realtime.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
