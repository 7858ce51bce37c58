package io.realtime.internal.longpoll;

import io.realtime.internal.endpoint.Call;
import io.realtime.internal.endpoint.Endpoint;
import io.realtime.internal.endpoint.Shape;
import io.realtime.internal.outbound.Closing;
import io.realtime.internal.session.TabSession;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The long-poll sessions of per-client streams. A session is found by the id in the client's cursor and only
 * by the client that opened it (the same user and HTTP session); the id is 128 random bits, so it cannot be
 * guessed. Each session holds a place under the poll limits while it lives, so sessions are bounded too.
 */
final class PollSessions {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConcurrentMap<String, PollSession> live = new ConcurrentHashMap<>();
    private final PollServices services;
    private final PollFormat format;

    PollSessions(PollServices services, PollFormat format) {
        this.services = services;
        this.format = format;
    }

    /**
     * The session a cursor names, if it exists and belongs to this client.
     *
     * @return the session, or {@code null}
     */
    PollSession find(String id, String owner) {
        PollSession session = live.get(id);
        return session != null && session.owner().equals(owner) ? session : null;
    }

    /**
     * Calls the endpoint method and opens a session on what it returned.
     *
     * @param release gives back the session's place under the limits when it is gone
     * @param tab the client's identity, held while the session lives
     * @return the new session, open
     * @throws Exception whatever the method threw; then no session exists
     */
    PollSession open(Endpoint endpoint, Call call, String owner, Runnable release, TabSession tab) throws Exception {
        PollSession session = new PollSession(
                newId(),
                owner,
                services.outbound(),
                format,
                services.stallTimeout().toNanos());
        session.onClose(tab.hold(() -> session.close(Closing.SESSION_ENDED)));
        try {
            if (endpoint.shape() == Shape.SINK) {
                call.sink(services.delivery().sink(session));
            }
            services.delivery().start(endpoint.shape(), endpoint.invoke(call), session, null);
        } catch (Exception | Error failure) {
            session.close(Closing.FAILED); // whether it opened or not: its close callbacks release the tab
            release.run();
            throw failure;
        }
        live.put(session.id(), session);
        session.onClose(() -> linger(session, release));
        return session;
    }

    /** @return how many sessions exist, open or lingering */
    int size() {
        return live.size();
    }

    // A closed session lingers for the stall timeout, so that its last batch can still be collected or resent.
    private void linger(PollSession session, Runnable release) {
        Runnable remove = () -> {
            live.remove(session.id(), session);
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
