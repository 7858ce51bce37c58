package io.realtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Duplex;
import io.realtime.RealtimeSession;
import io.realtime.testing.ContainerServer;
import io.realtime.testing.Visitor;
import io.realtime.testing.WebSocketRecorder;
import java.security.Principal;
import org.junit.jupiter.api.Test;

/**
 * The recipe of docs/client.md for a login after the page connected: a WebSocket keeps its handshake's user, so the
 * page closes it and connects again, and the new connection is the signed-in user's.
 */
class LoginAfterConnectConformanceTest {

    public record Ask() {}

    public static class Who {
        @Duplex("/who")
        public String who(Ask ask, RealtimeSession tab) {
            return tab.user().map(Principal::getName).orElse("anonymous");
        }
    }

    @Test
    void aConnectionOpenedAgainAfterTheLoginCarriesTheSignedInUser() throws Exception {
        try (ContainerServer server =
                ContainerServer.builder().users("alice").services(Who.class).start()) {
            Visitor visitor = server.visitor().startSession();
            try (WebSocketRecorder before = visitor.tab().negotiate("/who").webSocket("/who")) {
                before.send("{\"ref\":1,\"data\":{}}");
                assertThat(before.next()).isEqualTo("{\"ref\":1,\"data\":\"anonymous\"}");
            }
            visitor.login("alice");
            try (WebSocketRecorder after = visitor.tab().negotiate("/who").webSocket("/who")) {
                after.send("{\"ref\":2,\"data\":{}}");
                assertThat(after.next()).isEqualTo("{\"ref\":2,\"data\":\"alice\"}");
            }
        }
    }
}
