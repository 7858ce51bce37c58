package io.realtime.tomcat.browser;

import io.realtime.jetty.browser.Chromium;
import io.realtime.jetty.browser.FloodedNewcomer;
import io.realtime.tomcat.TomcatServer;
import io.realtime.tomcat.TomcatServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link FloodedNewcomer} on Tomcat: a new Chromium tab is served after a flood of tabs. */
class TomcatBrowserFloodTest {

    @RegisterExtension
    static final TomcatServerExtension server = TomcatServerExtension.of(TomcatServer.builder()
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
