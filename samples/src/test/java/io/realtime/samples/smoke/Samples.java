package io.realtime.samples.smoke;

import io.realtime.testing.SseRecorder;
import io.realtime.testing.WebSocketRecorder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
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
 * <p>A "browser" here is an {@link HttpClient} with its own cookie jar, so that two of them hold two cookie
 * sessions. Threading: safe to share; every call blocks until its answer.
 */
public final class Samples {

    private final String name;
    private final URI base;
    private final HttpClient anonymous;

    Samples(String name, URI base) {
        this.name = name;
        this.base = base;
        this.anonymous = browser();
    }

    /** @return the application's root, such as {@code http://127.0.0.1:41234/samples} */
    public URI uri() {
        return base;
    }

    /** @return the absolute URI of a context-relative path */
    public URI uri(String path) {
        return URI.create(base + path);
    }

    /** @return a new client with its own cookies, as a separate browser would be */
    public HttpClient browser() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .cookieHandler(new CookieManager())
                .build();
    }

    /** Opens a Server-Sent Events stream without cookies. */
    public SseRecorder sse(String path) {
        return SseRecorder.open(anonymous, uri(path), Map.of());
    }

    /** Opens a Server-Sent Events stream that resumes after {@code lastEventId}. */
    public SseRecorder sse(String path, String lastEventId) {
        return SseRecorder.open(anonymous, uri(path), Map.of("Last-Event-ID", lastEventId));
    }

    /** Opens a WebSocket as {@code browser}, with its cookies. */
    public WebSocketRecorder webSocket(HttpClient browser, String path) {
        return WebSocketRecorder.open(
                browser, URI.create("ws" + uri(path).toString().substring(4)), Map.of());
    }

    /** {@code GET} as {@code browser}, with extra headers given as name, value pairs. */
    public HttpResponse<String> get(HttpClient browser, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(browser, request.GET().build());
    }

    /** {@code GET} without cookies. */
    public HttpResponse<String> get(String path, String... headers) {
        return get(anonymous, path, headers);
    }

    /** {@code POST}s {@code body} as {@code browser}, with the given content type. */
    public HttpResponse<String> post(HttpClient browser, String path, String contentType, String body) {
        return send(
                browser,
                HttpRequest.newBuilder(uri(path))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
    }

    /** {@code POST}s a JSON {@code body} as {@code browser}. */
    public HttpResponse<String> postJson(HttpClient browser, String path, String body) {
        return post(browser, path, "application/json", body);
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
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
