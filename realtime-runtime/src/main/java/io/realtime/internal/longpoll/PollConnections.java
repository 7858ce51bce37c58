package io.realtime.internal.longpoll;

import io.realtime.internal.endpoint.Call;
import io.realtime.internal.endpoint.Endpoint;
import io.realtime.internal.endpoint.Shape;
import io.realtime.internal.http.HttpDispatch;
import io.realtime.internal.identity.Tab;
import io.realtime.internal.outbound.Closing;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The long-poll connections of per-client streams and of shared connections. A connection is found by the id in the
 * client's cursor and only by the client that opened it (the same user and HTTP session); the id is 128 random bits,
 * so it cannot be guessed. Each connection holds a place under the poll limits while it lives, so connections are
 * bounded too.
 */
final class PollConnections {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConcurrentMap<String, PollConnection> live = new ConcurrentHashMap<>();
    private final PollServices services;
    private final PollFormat format;

    PollConnections(PollServices services, PollFormat format) {
        this.services = services;
        this.format = format;
    }

    /**
     * The connection a cursor names, if it exists and belongs to this client.
     *
     * @return the connection, or {@code null}
     */
    PollConnection find(String id, String owner) {
        PollConnection connection = live.get(id);
        return connection != null && connection.owner().equals(owner) ? connection : null;
    }

    /**
     * Calls the endpoint method and opens a connection on what it returned.
     *
     * @param release gives back the connection's place under the limits when it is gone
     * @param tab the client's identity, held while the connection lives
     * @return the new connection, open
     * @throws Exception whatever the method threw; then no connection exists
     */
    PollConnection open(Endpoint endpoint, Call call, String owner, Runnable release, Tab tab) throws Exception {
        PollConnection connection = create(endpoint.path().toString(), owner, tab);
        try {
            if (endpoint.shape() == Shape.SINK) {
                call.sink(services.delivery().sink(connection));
            }
            services.delivery().start(endpoint.shape(), endpoint.invoke(call), connection, null);
        } catch (Exception | Error failure) {
            connection.close(Closing.FAILED); // whether it opened or not: its close callbacks release the tab
            release.run();
            throw failure;
        }
        register(connection, release);
        return connection;
    }

    /**
     * Opens a connection that carries a shared connection's subscriptions, which its caller then gives it.
     *
     * @param release gives back the connection's place under the limits when it is gone
     * @param tab the client's identity, held while the connection lives
     * @return the new connection, open, with nothing to send yet
     */
    PollConnection openShared(String owner, Runnable release, Tab tab) {
        PollConnection connection = create(HttpDispatch.SHARED_PATH, owner, tab);
        connection.open();
        register(connection, release);
        return connection;
    }

    /** @param endpoint the path template it serves, or the shared connections', for metrics */
    private PollConnection create(String endpoint, String owner, Tab tab) {
        PollConnection connection = new PollConnection(
                newId(),
                owner,
                services.outbound(),
                endpoint,
                format,
                services.stallTimeout().toNanos());
        connection.onClose(tab.hold(() -> connection.close(Closing.SESSION_ENDED)));
        return connection;
    }

    private void register(PollConnection connection, Runnable release) {
        live.put(connection.id(), connection);
        connection.onClose(() -> linger(connection, release));
    }

    /** @return how many poll connections exist, open or lingering */
    int size() {
        return live.size();
    }

    // A closed connection lingers for the stall timeout, so that its last batch can still be collected or resent.
    private void linger(PollConnection connection, Runnable release) {
        Runnable remove = () -> {
            live.remove(connection.id(), connection);
            release.run();
        };
        try {
            services.scheduler().schedule(remove, services.stallTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            remove.run();
        }
    }

    private static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
