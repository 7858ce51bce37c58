package io.realtime.internal;

import java.util.Locale;
import java.util.Optional;

/** The ways a client reaches an endpoint, by the names negotiation and {@code ?transport=} use on the wire. */
public enum Transport {
    /** Jakarta WebSocket, both ways: the primary transport of {@code @Duplex}. */
    WEBSOCKET,
    /** Server-Sent Events, downstream: the primary transport of {@code @Stream}. */
    SSE,
    /** Long-poll, downstream: the primary transport of {@code @Push}. */
    POLL,
    /** {@code POST} messages upstream, beside Server-Sent Events downstream, where WebSocket is blocked. */
    UPLINK;

    /** @return the name on the wire: {@code websocket}, {@code sse}, {@code poll} or {@code uplink} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The transport a client named.
     *
     * @param name the name on the wire, as the client sent it
     * @return the transport, or empty when no transport has that name
     */
    public static Optional<Transport> ofWireName(String name) {
        for (Transport transport : values()) {
            if (transport.wireName().equals(name)) {
                return Optional.of(transport);
            }
        }
        return Optional.empty();
    }
}
