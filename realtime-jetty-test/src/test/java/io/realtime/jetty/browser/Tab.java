package io.realtime.jetty.browser;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * One tab of a {@link Chromium}, usually showing the client harness page ({@code browser/client.html}), which
 * keeps a log per connection that the tests read: events, states, resets, errors. {@link #connect}, {@link #log}
 * and the awaits of connections need that page; {@link #run}, {@link #await} and {@link #screenshot} work on any.
 */
public final class Tab {

    /** How long {@link #await} waits. */
    public static final Duration WAIT = Duration.ofSeconds(20);

    private final Chromium browser;
    private final String window;
    private final URI page;

    Tab(Chromium browser, String window, URI page) {
        this.browser = browser;
        this.window = window;
        this.page = page;
    }

    /**
     * Runs a script's body in this tab; {@code arguments[0]}... are the arguments, {@code return} gives a value.
     *
     * @return the returned value, as JSON
     */
    public JsonNode run(String script, Object... arguments) {
        return browser.on(window).execute(script, arguments);
    }

    /**
     * Evaluates {@code script} until {@code done} accepts its value, for at most {@link #WAIT}.
     *
     * @return the accepted value
     * @throws AssertionError naming {@code what} and the last value, at the deadline
     */
    public JsonNode await(String what, String script, Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (; ; ) {
            JsonNode value = run(script);
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Waited " + WAIT.toSeconds() + " s for " + what + "; last saw " + value);
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Connects the harness to an endpoint: {@code connect(path, options)} in the page.
     *
     * @param options the options as JSON, such as {@code {"transport":"sse"}}
     * @return the connection's number in this tab
     */
    public int connect(String path, String options) {
        return connect(path, options, new String[0]);
    }

    /**
     * Connects the harness to an endpoint, logging the named events besides {@code message} from the very first:
     * an event the server sends as the connection opens arrives before a later {@code harness.listen}.
     *
     * @param options the options as JSON, such as {@code {"transport":"sse"}}
     * @param events the names of the events to log
     * @return the connection's number in this tab
     */
    public int connect(String path, String options, String... events) {
        return run(
                        "return harness.connect(arguments[0], JSON.parse(arguments[1]), arguments[2])",
                        path,
                        options,
                        java.util.List.of(events))
                .asInt();
    }

    /** @return what connection {@code number} saw so far: events, states, resets, errors, and its properties */
    public JsonNode log(int number) {
        return run("return harness.log(arguments[0])", number);
    }

    /** Waits until connection {@code number} is in {@code state}. */
    public JsonNode awaitState(int number, String state) {
        return await(
                "connection " + number + " to be " + state,
                "return harness.log(" + number + ")",
                log -> log.path("state").asText().equals(state));
    }

    /** Waits until connection {@code number} has received at least {@code count} events. */
    public JsonNode awaitEvents(int number, int count) {
        return await(
                count + " events on connection " + number,
                "return harness.log(" + number + ")",
                log -> log.path("events").size() >= count);
    }

    /** Sets this tab's window size, in CSS pixels. */
    public void resize(int width, int height) {
        browser.on(window).resize(width, height);
    }

    /** @return a PNG of what this tab shows */
    public byte[] screenshot() {
        return browser.on(window).screenshot();
    }

    /**
     * Loads the page again in this tab, as the reload button does: the page's connections end, {@code
     * sessionStorage} stays. Waits until the new page's harness is ready; connection numbers start again at 0.
     */
    public void reload() {
        reload("typeof window.harness === 'object'");
    }

    /**
     * Loads the page again in this tab, as the reload button does, and waits until {@code ready}, a script
     * expression, is true in the new page.
     */
    public void reload(String ready) {
        browser.on(window).navigate(page);
        await("the reloaded page to be ready (" + ready + ")", "return " + ready, value -> value.asBoolean());
    }

    /** Waits until connection {@code number} has received at least {@code count} replies to its messages. */
    public JsonNode awaitReplies(int number, int count) {
        return await(
                count + " replies on connection " + number,
                "return harness.log(" + number + ")",
                log -> log.path("replies").size() >= count);
    }

    /** Closes this tab, as a user would. */
    public void close() {
        browser.on(window).closeWindow();
        browser.closed(window);
    }
}
