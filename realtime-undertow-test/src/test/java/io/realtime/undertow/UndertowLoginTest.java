package io.realtime.undertow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.Push;
import io.realtime.RealtimeSession;
import io.realtime.testing.Visitor;
import io.realtime.testing.WebSocketRecorder;
import java.security.Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The kit's logins go through Undertow's own security: {@code users(...)} gives Undertow's FORM mechanism an
 * identity manager that knows them, so a visitor's login (Undertow's {@code request.login}) gives its cookie session
 * the principal of the account, which every later request and WebSocket handshake of the session carries, and an
 * unknown user is refused.
 */
class UndertowLoginTest {

    public static class Who {
        @Push("/who")
        public String who(RealtimeSession session) {
            return describe(session, null);
        }

        @Duplex("/who/live")
        public void live(Connection<String> connection, Principal principal) {
            connection.send(describe(connection.session(), principal));
        }

        private static String describe(RealtimeSession session, Principal principal) {
            Principal user = session.user().orElse(null);
            return user == null
                    ? "nobody"
                    : user.getClass().getName() + " " + user.getName() + (user == principal ? " (injected)" : "");
        }
    }

    @RegisterExtension
    static final UndertowServerExtension server =
            UndertowServerExtension.of(UndertowServer.builder().users("alice").services(Who.class));

    @Test
    void aLoginGivesTheSessionTomcatsPrincipalOnEveryLaterRequestAndHandshake() {
        Visitor alice = server.get().visitor();
        assertThat(alice.get("/who").body()).isEqualTo("\"nobody\"");
        String before = alice.startSession().sessionId();

        alice.login("alice");

        assertThat(alice.sessionId())
                .as("Undertow gives the session a new id at login")
                .isNotEqualTo(before);
        String accounts = "io.realtime.undertow.Logins$User alice";
        assertThat(alice.get("/who").body()).isEqualTo('"' + accounts + '"');
        try (WebSocketRecorder socket = alice.tab().webSocket("/who/live")) {
            assertThat(socket.next())
                    .as("the handshake carries it, and the injected Principal is the session's user")
                    .isEqualTo("{\"event\":\"message\",\"data\":\"" + accounts + " (injected)\"}");
        }
        alice.logout();
        assertThat(alice.get("/who").body()).isEqualTo("\"nobody\"");
    }

    @Test
    void anUnknownUserIsRefused() {
        assertThatThrownBy(() -> server.get().visitor().login("mallory"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("answered 403");
    }
}
