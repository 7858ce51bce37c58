package io.realtime.samples.smoke;

import io.realtime.testing.SseRecorder;
import io.realtime.testing.Visitor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The samples WAR, deployed and serving at {@link #uri()}, whichever container serves it: what the smoke tests
 * talk to, over plain HTTP and WebSocket.
 *
 * <p>A browser here is a {@link Visitor}: its own cookie jar, so that two of them hold two cookie sessions, and
 * tabs that negotiate and send their tab tokens as {@code realtime.js} does; a tab that never negotiates sends no
 * token, as a plain {@code WebSocket} or {@code curl} client. Threading: safe to share; every call blocks until
 * its answer.
 */
public final class Samples {

    private final String name;
    private final URI base;
    private final HttpClient anonymous;

    Samples(String name, URI base) {
        this.name = name;
        this.base = base;
        this.anonymous = visitor().client();
    }

    /** @return the application's root, such as {@code http://127.0.0.1:41234/samples} */
    public URI uri() {
        return base;
    }

    /** @return the absolute URI of a context-relative path */
    public URI uri(String path) {
        return URI.create(base + path);
    }

    /** @return a new browser, without cookies yet */
    public Visitor visitor() {
        return Visitor.of(base);
    }

    /** Opens a Server-Sent Events stream as a client of no session. */
    public SseRecorder sse(String path) {
        return SseRecorder.open(anonymous, uri(path), Map.of());
    }

    /** Opens a Server-Sent Events stream that resumes after {@code lastEventId}. */
    public SseRecorder sse(String path, String lastEventId) {
        return SseRecorder.open(anonymous, uri(path), Map.of("Last-Event-ID", lastEventId));
    }

    /** {@code GET} as {@code browser}, with extra headers given as name, value pairs. */
    public HttpResponse<String> get(Visitor browser, String path, String... headers) {
        return send(browser.client(), request(path, headers).GET());
    }

    /** {@code GET} as a client of no session, with extra headers given as name, value pairs. */
    public HttpResponse<String> get(String path, String... headers) {
        return send(anonymous, request(path, headers).GET());
    }

    /** {@code POST}s {@code body} as {@code browser}, with the given content type. */
    public HttpResponse<String> post(Visitor browser, String path, String contentType, String body) {
        return send(
                browser.client(),
                request(path, "Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** {@code POST}s a JSON {@code body} as {@code browser}. */
    public HttpResponse<String> postJson(Visitor browser, String path, String body) {
        return post(browser, path, "application/json", body);
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
        return headers.length > 0 ? request.headers(headers) : request;
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
