package io.realtime.internal.multiplex;

import io.realtime.internal.duplex.Conversation;
import io.realtime.internal.endpoint.Route;
import io.realtime.internal.identity.Handshake;
import io.realtime.internal.identity.Tab;
import io.realtime.internal.outbound.Outbound;
import java.security.Principal;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The application's shared connections (docs/protocol.md, "Shared connections"): it gives each one its
 * {@link Multiplex}, finds those carried by HTTP requests by their name (only for the client that opened them), and
 * counts their subscriptions. One per runtime; thread-safe.
 */
public final class Multiplexes {

    private final MuxServices services;
    private final Set<Multiplex> open = ConcurrentHashMap.newKeySet();
    private final ConcurrentMap<String, Multiplex> named = new ConcurrentHashMap<>();
    private final ConcurrentMap<Route, Conversation> conversations = new ConcurrentHashMap<>();

    public Multiplexes(MuxServices services) {
        this.services = services;
    }

    /**
     * Gives an open connection its subscriptions, which end when it closes.
     *
     * @param connection the connection that carries them, open
     * @param handshake what the client presented
     * @param tab the connection's tab
     * @param name the name later requests find it by, or {@code null} for a WebSocket, whose frames need none
     * @return the connection's subscriptions, none yet
     */
    public Multiplex open(Outbound connection, Handshake handshake, Tab tab, String name) {
        Multiplex multiplex = new Multiplex(connection, handshake, tab, this);
        open.add(multiplex);
        if (name != null) {
            named.put(name, multiplex);
        }
        connection.onClose(() -> {
            open.remove(multiplex);
            if (name != null) {
                named.remove(name, multiplex);
            }
            multiplex.close();
        });
        return multiplex;
    }

    /**
     * The connection {@code name} names, if it is open here and was opened by this client: the same user and
     * cookie session, so that a name seen elsewhere gives nobody else its subscriptions.
     *
     * @return the connection's subscriptions, or {@code null}
     */
    Multiplex find(String name, Handshake client) {
        Multiplex found = name == null ? null : named.get(name);
        return found != null && sameClient(found.handshake(), client) ? found : null;
    }

    /** @return how many subscriptions shared connections carry now */
    public int subscriptions() {
        int total = 0;
        for (Multiplex multiplex : open) {
            total += multiplex.size();
        }
        return total;
    }

    MuxServices services() {
        return services;
    }

    /** @return the message half of a {@code @Duplex} route, made once */
    Conversation conversation(Route route) {
        return conversations.computeIfAbsent(route, r -> new Conversation(services.json(), r));
    }

    private static boolean sameClient(Handshake a, Handshake b) {
        return Objects.equals(a.sessionId(), b.sessionId()) && Objects.equals(name(a.principal()), name(b.principal()));
    }

    private static String name(Principal principal) {
        return principal == null ? null : principal.getName();
    }
}
