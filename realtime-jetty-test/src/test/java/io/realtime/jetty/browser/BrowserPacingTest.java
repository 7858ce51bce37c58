package io.realtime.jetty.browser;

import io.realtime.jetty.RealtimeServer;
import io.realtime.jetty.RealtimeServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link PacedReconnects} on Jetty: the runtime's own pacing against the browser's breaker. {@link
 * BrowserBreakerTest} shows the same against a filter that refuses everything.
 */
class BrowserPacingTest {

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(RealtimeServer.builder()
            .services(PacedReconnects.SERVICE)
            .config(PacedReconnects.CONFIG)
            .staticFiles(Chromium.harnessPages()));

    @RegisterExtension
    static final Chromium browser = new Chromium();

    @Test
    void pacedReconnectsPauseThePageWhichResumesWithoutLossOnceTheBucketRefills() throws Exception {
        PacedReconnects.pacedReconnectsPauseThePageWhichResumesWithoutLoss(browser, server.get());
    }
}
