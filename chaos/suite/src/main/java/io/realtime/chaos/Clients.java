package io.realtime.chaos;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every client of a run shares: HTTP clients (each has one selector thread, so thousands of connections
 * are spread over several), the few threads their callbacks run on, and one scheduler for reconnections and
 * pauses. No thread per connection.
 *
 * <p>Thread-safe.
 */
final class Clients implements AutoCloseable {

    private final ExecutorService callbacks;
    private final ScheduledExecutorService scheduler;
    private final HttpClient[] http;
    private final AtomicInteger next = new AtomicInteger();
    private final CookieManager cookies;

    /** @param connections how many connections the run may hold at once, to size the pools */
    Clients(int connections) {
        callbacks = Executors.newFixedThreadPool(4, daemons("chaos-client"));
        scheduler = Executors.newScheduledThreadPool(2, daemons("chaos-timer"));
        http = new HttpClient[Math.max(2, Math.min(16, connections / 1000))];
        // One browser's cookie jar for every client: anonymous tab tokens are bound to the cookie the runtime sets
        // when they are issued (docs/security.md, "Tab tokens"), on whichever node. The JDK's WebSocket handshake
        // sends the jar's cookies too.
        cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        for (int i = 0; i < http.length; i++) {
            http[i] = HttpClient.newBuilder()
                    .cookieHandler(cookies)
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .executor(callbacks)
                    .build();
        }
    }

    /**
     * Negotiates once, as the browser's first tab would, so that the jar holds the browser cookie before the
     * subscribers start. Without it, the subscribers' first negotiations, all at once and all without a cookie,
     * would each be given a cookie of their own, and the jar would keep only the last: every token bound to
     * another would be refused. Blocks until the node answers.
     *
     * @param node a node's root
     * @param path an endpoint's path, such as {@code /feed/t0}
     * @throws IllegalStateException if the node does not answer {@code 200} or sets no browser cookie
     */
    void openBrowser(URI node, String path) {
        HttpRequest negotiate = HttpRequest.newBuilder(node.resolve(path))
                .header("Accept", "application/realtime-negotiate+json")
                .timeout(Duration.ofSeconds(30))
                .build();
        try {
            HttpResponse<Void> answer = http().send(negotiate, HttpResponse.BodyHandlers.discarding());
            if (answer.statusCode() != 200
                    || cookies.getCookieStore().getCookies().isEmpty()) {
                throw new IllegalStateException(
                        "negotiation at " + path + " answered " + answer.statusCode() + " with cookies "
                                + answer.headers().allValues("Set-Cookie").size());
            }
        } catch (IOException e) {
            throw new IllegalStateException("negotiation at " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** @return one of the HTTP clients, in turn */
    HttpClient http() {
        return http[Math.floorMod(next.getAndIncrement(), http.length)];
    }

    /** @return the scheduler for delays; its tasks must not block */
    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        callbacks.shutdownNow();
    }

    static ThreadFactory daemons(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
