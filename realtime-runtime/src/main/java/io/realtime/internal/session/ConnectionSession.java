package io.realtime.internal.session;

import io.realtime.RealtimeSession;
import jakarta.servlet.http.HttpSession;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link RealtimeSession} of one connection, drawn from its {@link Handshake}. Until per-tab tokens exist
 * the tab cannot be recognised across connections, so the id and the attributes live as long as this one
 * connection.
 */
public final class ConnectionSession implements RealtimeSession {

    private final String id = UUID.randomUUID().toString();
    private final Handshake handshake;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();

    public ConnectionSession(Handshake handshake) {
        this.handshake = handshake;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Optional<Principal> user() {
        return Optional.ofNullable(handshake.principal());
    }

    @Override
    public Optional<HttpSession> httpSession() {
        return Optional.ofNullable(handshake.httpSession());
    }

    @Override
    public Optional<String> cookie(String name) {
        return Optional.ofNullable(handshake.cookies().get(name));
    }

    @Override
    public Map<String, Object> attributes() {
        return attributes;
    }
}
