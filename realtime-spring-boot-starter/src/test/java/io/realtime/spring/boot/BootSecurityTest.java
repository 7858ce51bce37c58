package io.realtime.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.spring.boot.app.DemoApplication;
import io.realtime.testing.PollRecorder;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.Visitor;
import io.realtime.testing.WebSocketRecorder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Spring Security's user is the request's principal, so it is the {@code Principal} parameter and the tab's
 * {@code user()} on every transport, with nothing to configure: a form login through Spring Security, then a
 * stream, a long-poll and a WebSocket of the same browser. Without a login, a method that takes the principal
 * refuses the client ({@code 401}), as on any container.
 */
@Tag("server")
class BootSecurityTest {

    static final String ALICE = "{\"principal\":\"alice\",\"user\":\"alice\"}";

    @RegisterExtension
    static final BootServer.PerClass application = BootServer.perClass(DemoApplication.class);

    @Test
    void aUserLoggedInWithSpringSecurityIsThePrincipalOnEveryTransport() {
        Visitor alice = login("alice", "alice");
        Visitor.Tab tab = alice.tab().negotiate("/me/stream");
        assertOnEveryTransport(tab, ALICE);
    }

    @Test
    void aVisitorWhoDidNotLogInIsRefusedWhereAMethodTakesThePrincipal() {
        Visitor mallory = application.get().visitor();
        assertThat(post(mallory, "username=alice&password=wrong").statusCode()).isEqualTo(401);
        Visitor.Tab tab = mallory.tab().negotiate("/me/stream");
        try (SseRecorder sse = tab.sse("/me/stream")) {
            assertThat(sse.status()).isEqualTo(401);
        }
        assertThat(tab.get("/me/stream?transport=poll").statusCode()).isEqualTo(401);
    }

    private static void assertOnEveryTransport(Visitor.Tab tab, String me) {
        try (SseRecorder sse = tab.sse("/me/stream")) {
            assertThat(sse.next().data()).as("Server-Sent Events").isEqualTo(me);
        }
        try (PollRecorder poll = tab.poll("/me/stream?transport=poll")) {
            assertThat(poll.next().data()).as("long-poll").isEqualTo(me);
        }
        try (WebSocketRecorder socket = tab.webSocket("/me/socket")) {
            socket.send("{\"ref\":1,\"data\":{\"what\":\"me\"}}");
            assertThat(socket.next()).as("WebSocket").isEqualTo("{\"ref\":1,\"data\":" + me + "}");
        }
    }

    private static Visitor login(String user, String password) {
        Visitor visitor = application.get().visitor();
        assertThat(post(visitor, "username=" + user + "&password=" + password).statusCode())
                .isEqualTo(204);
        return visitor;
    }

    // Spring Security's form login, answered by the test application's handlers: 204, or 401.
    private static HttpResponse<String> post(Visitor visitor, String form) {
        try {
            return visitor.client()
                    .send(
                            HttpRequest.newBuilder(application.get().uri("/login"))
                                    .header("Content-Type", "application/x-www-form-urlencoded")
                                    .POST(HttpRequest.BodyPublishers.ofString(form))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
