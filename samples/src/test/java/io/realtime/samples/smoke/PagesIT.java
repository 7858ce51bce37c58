package io.realtime.samples.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.jetty.browser.Chromium;
import io.realtime.jetty.browser.Tab;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every page of the samples, in headless Chromium against the WAR on embedded Jetty: each fills with live data
 * through {@code realtime.js}. With {@code -Dsamples.screenshots=<directory>} the test also saves a 1000×700
 * screenshot of each page there, after letting it fill some more (the README's pictures):
 *
 * <pre>
 * ./mvnw -pl samples -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -DtokenScan.skip \
 *     -Dit.test=PagesIT -Dsamples.screenshots=$PWD/samples/screenshots
 * </pre>
 */
@ExtendWith(Container.Cleanup.class)
class PagesIT {

    @RegisterExtension
    static final Chromium browser = new Chromium();

    /** Another browser: its own cookies, so its own cookie session, as another user's would be. */
    @RegisterExtension
    static final Chromium other = new Chromium();

    private static final String SCREENSHOTS = System.getProperty("samples.screenshots", "");
    private static final String OPEN = "document.getElementById('state').textContent === 'open'";

    private static Samples samples;

    @BeforeAll
    static void deploy() {
        samples = Container.EMBEDDED_JETTY.samples();
    }

    @Test
    void theIndexLinksEveryDemo() throws IOException {
        Tab tab = open("/", "document.querySelectorAll('.demos a.card').length === 8");
        assertThat(tab.run("return [...document.querySelectorAll('.demos a')].map(a => a.getAttribute('href'))")
                        .toString())
                .isEqualTo("[\"chat.html\",\"ticker.html\",\"notifications.html\",\"jobs.html\",\"assistant.html\","
                        + "\"cursors.html\","
                        + "\"dashboard.html\",\"call.html\"]");
        save(tab, "index");
    }

    @Test
    void theTickerChartsEverySymbol() throws IOException {
        Tab tab = open("/ticker.html", OPEN);
        int quotes = screenshots() ? 40 : 3; // 2 a second per symbol
        awaitTrue(
                tab,
                "every symbol has " + quotes + " quotes",
                "const rows = [...document.querySelectorAll('#quotes tr')];"
                        + " return rows.length === 4 && rows.every(r => Number(r.cells[3].textContent) >= " + quotes
                        + ")");
        save(tab, "ticker");
    }

    @Test
    void theDashboardsWidgetsUpdateOverOneConnection() throws IOException {
        Tab tab = open("/dashboard.html", OPEN);
        int updates = screenshots() ? 15 : 3; // one a second per metric
        awaitTrue(
                tab,
                "eight metrics with " + updates + " updates each, notes, and one connection",
                "const metrics = [...document.querySelectorAll('.widget[id^=metric-]')];"
                        + " return metrics.length === 8"
                        + " && metrics.every(w => Number(w.dataset.updates) >= " + updates + ")"
                        + " && document.querySelectorAll('#notes li').length > 0"
                        + " && document.getElementById('connections').textContent === '1'");
        save(tab, "dashboard");
    }

    @Test
    void aJobsBarFillsAndItsStatusIsPolled() throws IOException {
        Tab tab = open("/jobs.html", "document.getElementById('start') !== null");
        tab.run("document.getElementById('start').click()");
        awaitTrue(
                tab,
                "the first job done, with a 304",
                "const row = document.querySelector('.job.done');"
                        + " return row !== null && row.querySelector('.percent').textContent === '100 %'"
                        + " && /done, 100 % \\(\\d+\u00d7 304\\)/.test(row.querySelector('.poll').textContent)");
        tab.run("document.getElementById('start').click()");
        awaitTrue(
                tab,
                "the second job under way",
                "const rows = document.querySelectorAll('.job');"
                        + " return rows.length === 2 && parseInt(rows[0].querySelector('.percent').textContent) >= 40");
        save(tab, "jobs");
    }

    @Test
    void chatLinesReachTheOtherTabAndAreAcknowledged() throws IOException {
        Tab alice = open("/chat.html?room=pages", OPEN);
        Tab bob = open("/chat.html?room=pages", OPEN);
        name(alice, "alice");
        name(bob, "bob");
        alice.reload(OPEN); // so that both are listed under their nicknames
        bob.reload(OPEN);
        say(alice, "Hi bob, the build is green again.");
        say(bob, "Great, shipping the release now.");
        say(alice, "Ping me when it is out.");
        awaitTrue(bob, "alice's lines", "return document.querySelectorAll('#log .line:not(.mine)').length === 2");
        awaitTrue(
                alice,
                "bob's line, and acks on hers",
                "return document.querySelectorAll('#log .line').length === 3"
                        + " && document.querySelectorAll('#log .line.mine .ok').length === 2");
        awaitTrue(alice, "both tabs listed", here("alice", "bob"));
        save(alice, "chat");
    }

    @Test
    void theChatListsWhoIsHereAndDropsATabThatCloses() {
        // Two tabs of one browser: the kit's Chromium has one cookie jar, so they share the HTTP session, and
        // each has its own tab identity (its token in sessionStorage), which is what presence lists.
        Tab alice = open("/chat.html?room=here", OPEN);
        Tab bob = open("/chat.html?room=here", OPEN);
        name(alice, "alice");
        name(bob, "bob");
        // A tab joins under the nickname it has when it connects: after a reload, within the grace period, the
        // tab is still the same member, now under its new name.
        alice.reload(OPEN);
        bob.reload(OPEN);
        for (Tab each : new Tab[] {alice, bob}) {
            awaitTrue(each, "both tabs listed", here("alice", "bob"));
        }
        bob.close();
        // After the grace period (5 s by default, well within the wait), bob's tab leaves.
        awaitTrue(alice, "bob's tab dropped", here("alice"));
    }

    @Test
    void theChatListsTheUsersOfTwoBrowsersAndDropsOneWhoLeaves() {
        Tab alice = open("/chat.html?room=browsers", OPEN);
        Tab bob = open(other, samples.uri("/chat.html?room=browsers"), OPEN);
        name(alice, "alice");
        name(bob, "bob");
        alice.reload(OPEN);
        bob.reload(OPEN);
        for (Tab each : new Tab[] {alice, bob}) {
            awaitTrue(each, "both browsers' users listed", here("alice", "bob"));
        }
        bob.close();
        // After the grace period (5 s by default, well within the wait), bob leaves.
        awaitTrue(alice, "bob dropped", here("alice"));
    }

    /** @return a script that is true when the chat page lists exactly {@code names}, sorted, and counts them */
    private static String here(String... names) {
        String expected = Stream.of(names).map(name -> "'" + name + "'").collect(Collectors.joining(",", "[", "]"));
        return "const names = [...document.querySelectorAll('#members li')].map(li => li.textContent).sort();"
                + " return JSON.stringify(names) === JSON.stringify(" + expected + ")"
                + " && document.getElementById('here').textContent === 'here: " + names.length + "'";
    }

    @Test
    void aChatNicknameSurvivesAReloadOfItsTab() {
        Tab alice = open("/chat.html?room=reload", OPEN);
        Tab other = open("/chat.html?room=reload", OPEN);
        name(alice, "alice");
        alice.reload(OPEN); // realtime.js keeps the tab's token in sessionStorage, so the server keeps its tab
        awaitTrue(
                alice,
                "the nickname, from the server",
                "return document.getElementById('me').textContent === 'you are alice'");
        say(alice, "Back after a reload.");
        awaitTrue(
                other,
                "the line under alice's name",
                "return [...document.querySelectorAll('#log .line .meta')].some(m => m.textContent.startsWith('alice '))");
        assertThat(other.run("return document.getElementById('me').textContent").asText())
                .as("the other tab's own name")
                .matches("you are guest-\\d{3}");
    }

    @Test
    void notificationsFillTheFeedOfEveryTabAndTheBellCounts() throws IOException {
        Tab other = open("/notifications.html", OPEN); // another tab of the same browser, so of its cookie session
        Tab tab = open("/notifications.html", OPEN);
        for (String text : new String[] {"Build 1042 passed", "Alice commented on your review", "Backup finished"}) {
            tab.run(
                    "document.getElementById('text').value = arguments[0];"
                            + " document.getElementById('post').requestSubmit()",
                    text);
            awaitTrue(tab, "the input cleared", "return document.getElementById('text').value === ''");
        }
        for (Tab each : new Tab[] {tab, other}) {
            awaitTrue(
                    each,
                    "three notifications and the count",
                    "return document.querySelectorAll('#feed li.unread').length"
                            + " === 3 && document.getElementById('count').textContent === '3'");
        }
        save(tab, "notifications");
    }

    @Test
    void cursorsOfOtherTabsAppear() throws IOException {
        Tab watcher = open("/cursors.html?board=pages", OPEN);
        double[][] places = {{0.22, 0.35}, {0.55, 0.62}, {0.78, 0.28}};
        for (double[] place : places) {
            Tab other = open("/cursors.html?board=pages", OPEN);
            other.run(
                    "const board = document.getElementById('board'); const box = board.getBoundingClientRect();"
                            + " board.dispatchEvent(new PointerEvent('pointermove', {bubbles: true,"
                            + " clientX: box.left + box.width * arguments[0], clientY: box.top + box.height * arguments[1]}));"
                            // the page sends at the next animation frame, and a tab in the background gets none:
                            // wait for that frame here, before the next tab hides this one
                            + " return new Promise(sent => requestAnimationFrame(() => sent(true)))",
                    place[0],
                    place[1]);
        }
        awaitTrue(
                watcher,
                "three other cursors",
                "return document.querySelectorAll('#board .cursor').length === 3"
                        + " && document.getElementById('others').textContent === '3 others'");
        save(watcher, "cursors");
    }

    private static Tab open(String path, String ready) {
        return open(browser, samples.uri(path), ready);
    }

    /** Opens a page in {@code browser} with a viewport of 1000 x 700, the size of the README's pictures. */
    static Tab open(Chromium browser, URI page, String ready) {
        Tab tab = browser.open(page, ready);
        tab.resize(1000, 700);
        int chrome = tab.run("return window.outerHeight - window.innerHeight").asInt();
        tab.resize(1000, 700 + chrome); // a viewport of 1000 x 700
        return tab;
    }

    private static void name(Tab tab, String nick) {
        tab.run(
                "document.getElementById('nick').value = arguments[0];"
                        + " document.getElementById('naming').requestSubmit()",
                nick);
        awaitTrue(tab, "the nickname", "return document.getElementById('me').textContent === 'you are " + nick + "'");
    }

    private static void say(Tab tab, String text) {
        int before =
                tab.run("return document.querySelectorAll('#log .line').length").asInt();
        tab.run(
                "document.getElementById('text').value = arguments[0];"
                        + " document.getElementById('speaking').requestSubmit()",
                text);
        awaitTrue(tab, "the line in the log", "return document.querySelectorAll('#log .line').length > " + before);
    }

    private static void awaitTrue(Tab tab, String what, String script) {
        tab.await(what, script, value -> value.asBoolean());
    }

    private static boolean screenshots() {
        return !SCREENSHOTS.isBlank();
    }

    private static void save(Tab tab, String name) throws IOException {
        if (screenshots()) {
            Path directory = Files.createDirectories(Path.of(SCREENSHOTS));
            Files.write(directory.resolve(name + ".png"), tab.screenshot());
        }
    }
}
