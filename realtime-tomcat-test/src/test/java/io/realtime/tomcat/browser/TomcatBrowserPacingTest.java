package io.realtime.tomcat.browser;

import io.realtime.jetty.browser.Chromium;
import io.realtime.jetty.browser.PacedReconnects;
import io.realtime.tomcat.TomcatServer;
import io.realtime.tomcat.TomcatServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link PacedReconnects} on Tomcat: the runtime's own pacing refuses the page's reconnects {@code 429} with its
 * {@code Retry-After} while another client of the address keeps the bucket empty; the page's breaker pauses, then
 * resumes from its cursor without losing an event once the bucket refills. Headless Chromium, as on Jetty.
 */
class TomcatBrowserPacingTest {

    @RegisterExtension
    static final TomcatServerExtension server = TomcatServerExtension.of(TomcatServer.builder()
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
