package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Duplex;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.WebSocketRecorder;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A client that sends faster than its messages are handled gets "overloaded" beyond the bound, nothing else. */
class InboundBacklogTest {

    public record Job(int n) {}

    public static class Worker {
        static final CountDownLatch release = new CountDownLatch(1);

        @Duplex("/work")
        public int work(Job job) throws InterruptedException {
            release.await(30, TimeUnit.SECONDS);
            return job.n();
        }
    }

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(RealtimeServer.builder()
            .config(RealtimeConfig.builder().inboundQueue(2).build())
            .services(Worker.class));

    @Test
    void messagesBeyondTheBacklogGetAnOverloadedErrorAndTheOthersAreHandled() {
        try (WebSocketRecorder ws = server.get().webSocket("/work")) {
            for (int ref = 1; ref <= 4; ref++) {
                ws.send("{\"ref\":" + ref + ",\"data\":{\"n\":" + ref + "}}");
            }
            String overloaded = "\"error\":{\"code\":\"overloaded\",\"message\":\"Too many messages are waiting; send"
                    + " again later\"}}";
            assertThat(ws.next(2)).containsExactly("{\"ref\":3," + overloaded, "{\"ref\":4," + overloaded);
            Worker.release.countDown();
            assertThat(ws.next(2)).containsExactly("{\"ref\":1,\"data\":1}", "{\"ref\":2,\"data\":2}");
            ws.send("{\"ref\":5,\"data\":{\"n\":5}}");
            assertThat(ws.next()).isEqualTo("{\"ref\":5,\"data\":5}");
            ws.assertNoMoreFrames(Duration.ofMillis(300));
        }
    }
}
