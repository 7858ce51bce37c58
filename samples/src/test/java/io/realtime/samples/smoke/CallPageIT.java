package io.realtime.samples.smoke;

import io.realtime.jetty.browser.Chromium;
import io.realtime.jetty.browser.Tab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The WebRTC call page in two browsers of their own (two chromedriver sessions, two profiles, so two cookie
 * sessions and two tabs), against the WAR on embedded Jetty: they find each other through presence, signal over
 * {@code @Duplex("/call/{room}")}, open a data channel with no STUN server (host candidates) and chat over it, with
 * video from Chromium's fake camera. Both pages add video, so both want to offer at once: the glare handling is
 * exercised on every run. With {@code -Dsamples.screenshots=<directory>} it also saves {@code call.png} there:
 *
 * <pre>
 * ./mvnw -pl samples -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -DtokenScan.skip \
 *     -Dit.test=CallPageIT -Dsamples.screenshots=$PWD/samples/screenshots
 * </pre>
 */
@ExtendWith(Container.Cleanup.class)
class CallPageIT {

    private static final String[] FAKE_MEDIA = {"--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"};

    @RegisterExtension
    static final Chromium first = Chromium.withFlags(FAKE_MEDIA);

    @RegisterExtension
    static final Chromium second = Chromium.withFlags(FAKE_MEDIA);

    private static final String SCREENSHOTS = System.getProperty("samples.screenshots", "");
    private static final String OPEN = "document.getElementById('state').textContent === 'open'";
    private static final String CONNECTED = "return document.getElementById('call-state').textContent === 'connected'";

    private static Samples samples;

    @BeforeAll
    static void deploy() {
        samples = Container.EMBEDDED_JETTY.samples();
    }

    @Test
    void twoBrowsersCallEachOtherAndChatPeerToPeer() throws IOException {
        Tab ann = open(first, "/call.html?room=pages");
        Tab bob = open(second, "/call.html?room=pages");
        for (Tab each : new Tab[] {ann, bob}) {
            each.await("the data channel open", CONNECTED, value -> value.asBoolean());
        }
        say(ann, "Hello from ann, peer to peer.");
        bob.await("ann's line", lastLine("Hello from ann, peer to peer.", false, 1), value -> value.asBoolean());
        say(bob, "Loud and clear, ann.");
        ann.await("bob's line", lastLine("Loud and clear, ann.", false, 2), value -> value.asBoolean());
        ann.await(
                "bob's video playing",
                "const video = document.getElementById('remote');"
                        + " return video.srcObject !== null && video.readyState >= 2 && video.videoWidth > 0",
                value -> value.asBoolean());
        if (!SCREENSHOTS.isBlank()) {
            Files.write(Files.createDirectories(Path.of(SCREENSHOTS)).resolve("call.png"), ann.screenshot());
        }
    }

    @Test
    void aReloadedPageCallsAgain() {
        Tab ann = open(first, "/call.html?room=reload");
        Tab bob = open(second, "/call.html?room=reload");
        bob.await("the data channel open", CONNECTED, value -> value.asBoolean());
        bob.reload(OPEN); // same tab, so the same member and peer name: its new call replaces the old one
        for (Tab each : new Tab[] {ann, bob}) {
            each.await("the data channel open again", CONNECTED, value -> value.asBoolean());
        }
        say(bob, "Back after a reload.");
        ann.await("bob's line", lastLine("Back after a reload.", false, 1), value -> value.asBoolean());
    }

    private static Tab open(Chromium browser, String path) {
        return PagesIT.open(browser, samples.uri(path), OPEN);
    }

    private static void say(Tab tab, String text) {
        tab.run(
                "document.getElementById('text').value = arguments[0];"
                        + " document.getElementById('speaking').requestSubmit()",
                text);
        tab.await(
                "the input cleared", "return document.getElementById('text').value === ''", value -> value.asBoolean());
    }

    /** @return a script that is true when the log has {@code count} lines and the last is {@code text} */
    private static String lastLine(String text, boolean mine, int count) {
        return "const lines = [...document.querySelectorAll('#log .line')];"
                + " const last = lines[lines.length - 1];"
                + " return lines.length === " + count + " && last.textContent === " + quoted(text)
                + " && last.classList.contains('mine') === " + mine;
    }

    private static String quoted(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
