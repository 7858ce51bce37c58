package io.realtime.jetty;

import io.realtime.testing.Await;
import io.realtime.testing.Cursors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/** Single long-poll requests and waits with a deadline, for tests that look at one answer at a time. */
final class PollRequests {

    private PollRequests() {}

    /** Sends a GET and waits for the answer. */
    static HttpResponse<String> get(RealtimeServer server, String path, String... headers) {
        try {
            return send(server, path, headers).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new UncheckedIOException(new IOException("GET " + path + " failed", e.getCause()));
        }
    }

    /** Sends a GET without waiting for the answer. */
    static CompletableFuture<HttpResponse<String>> send(RealtimeServer server, String path, String... headers) {
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

    /** Logging in creates the HTTP session, as an application's own login would. */
    public static final class Login extends jakarta.servlet.http.HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(
                jakarta.servlet.http.HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response) {
            request.getSession(true);
            response.setStatus(204);
        }
    }

    /** Adds {@code POST /login} to a running server's application. */
    static void addLogin(RealtimeServer server) {
        org.eclipse.jetty.ee10.servlet.ServletContextHandler.getServletContextHandler(server.servletContext())
                .addServlet(new org.eclipse.jetty.ee10.servlet.ServletHolder(new Login()), "/login");
    }

    /** A client with its own cookie jar that has logged in: its requests carry an HTTP session. */
    static HttpClient browser(RealtimeServer server) {
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new java.net.CookieManager())
                .build();
        try {
            browser.send(
                    HttpRequest.newBuilder(server.uri("/login"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return browser;
    }

    /** Sends a GET with a given client, without waiting for the answer. */
    static CompletableFuture<HttpResponse<String>> send(RealtimeServer server, HttpClient client, String path) {
        return client.sendAsync(
                HttpRequest.newBuilder(server.uri(path))
                        .header("Accept", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The cursor in a batch or reset answer. */
    static String cursorOf(HttpResponse<String> response) {
        return cursorOf(response.body());
    }

    /** The cursor in a batch or reset body. */
    static String cursorOf(String body) {
        return Cursors.of(body);
    }

    /** The epoch part of a cursor. */
    static String epochOf(String cursor) {
        return Cursors.epochOf(cursor);
    }

    /** Waits until {@code count} polls are held by the server. */
    static void awaitWaiting(RealtimeServer server, int count) {
        Await.stats(server, count + " waiting polls", stats -> stats.waitingPolls() == count);
    }
}
