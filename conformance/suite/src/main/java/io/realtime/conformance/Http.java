package io.realtime.conformance;

import io.realtime.testing.ContainerServer;
import io.realtime.testing.Cursors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Plain HTTP requests to a server, each answered or failed within a deadline. */
final class Http {

    private static final Pattern ISSUED = Pattern.compile(
            ",\"tab\":\"([A-Za-z0-9_-]{22})\",\"token\":\"rt1\\.[A-Za-z0-9_-]{1,32}\\.\\1\\.[0-9]+\\.[0-9]+\\.[A-Za-z0-9_-]{43}\"}$");

    private Http() {}

    /** A GET with headers given as name, value, ...; {@code Accept: application/json} unless one is given. */
    static HttpResponse<String> get(ContainerServer server, String path, String... headers) {
        return await(send(server, path, headers), "GET " + path);
    }

    /** A GET, not waited for. */
    static CompletableFuture<HttpResponse<String>> send(ContainerServer server, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path));
        boolean accept = false;
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            accept |= headers[i].equalsIgnoreCase("Accept");
        }
        if (!accept) {
            request.header("Accept", "application/json");
        }
        return server.client().sendAsync(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A POST of {@code body} with headers given as name, value, ... */
    static HttpResponse<String> post(ContainerServer server, String path, String body, String... headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(server.uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return await(server.client().sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()), "POST " + path);
    }

    static <T> T await(CompletableFuture<T> answer, String what) {
        return await(answer, what, Duration.ofSeconds(20));
    }

    static <T> T await(CompletableFuture<T> answer, String what, Duration wait) {
        try {
            return answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            throw new UncheckedIOException(new IOException(what + " failed", e.getCause()));
        } catch (TimeoutException e) {
            throw new AssertionError(what + " was not answered within " + wait, e);
        }
    }

    /**
     * A negotiation answer without its tab and token, which must be there, last, well formed, and the token must
     * name the tab (docs/protocol.md, "Identity"); the failure never shows a token.
     */
    static String withoutIdentity(String negotiation) {
        Matcher issued = ISSUED.matcher(negotiation);
        if (!issued.find()) {
            throw new AssertionError("A negotiation answer ends with a tab and its token: "
                    + negotiation.replaceAll("rt1\\.[^\"]*", "rt1.…"));
        }
        return negotiation.substring(0, issued.start()) + '}';
    }

    /** The cursor in a batch or reset body. */
    static String cursorOf(String body) {
        return Cursors.of(body);
    }

    /** The epoch part of a cursor. */
    static String epochOf(String cursor) {
        return Cursors.epochOf(cursor);
    }
}
