package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.realtime.Event;
import io.realtime.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The names the protocol and the browser client use for themselves cannot name application events: a
 * {@code state} event would reach the client's state listeners (docs/protocol.md, "Event names").
 */
class ReservedEventNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"open", "error", "reset", "end", "reconnect", "revoked", "state"})
    void reservedNamesAreRefusedWhenPublishing(String name) {
        try (RealtimeServer server = RealtimeServer.start()) {
            Topic<String> topic = server.topics().get("names");
            assertThatThrownBy(() -> topic.publish(name, "x"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + name + "' is reserved");
            assertThatThrownBy(() -> Event.of(name, "x")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void otherNamesAreAccepted() {
        assertThat(Event.of("states", "x").name()).isEqualTo("states");
    }
}
