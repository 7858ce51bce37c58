package io.realtime.jetty.browser;

import io.realtime.jetty.RealtimeServer;
import io.realtime.jetty.RealtimeServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link FloodedNewcomer} on Jetty: a new Chromium tab is served after a flood of tabs. */
class BrowserFloodTest {

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(RealtimeServer.builder()
            .services((Object[]) FloodedNewcomer.SERVICES)
            .config(FloodedNewcomer.CONFIG)
            .staticFiles(Chromium.harnessPages()));

    @RegisterExtension
    static final Chromium browser = new Chromium();

    @Test
    void aChromiumNewcomerIsServedAfterAFloodOfTabs() {
        FloodedNewcomer.aChromiumNewcomerIsServedAfterAFloodOfTabs(browser, server.get());
    }
}
