package io.realtime.runtime;

import jakarta.servlet.ServletContext;
import java.util.Locale;
import java.util.Objects;

/**
 * Whether the realtime runtime of a servlet context is ready for clients, for load balancers and health checks:
 * it runs, it is not draining (telling its clients to reconnect elsewhere because the application stops), and its
 * backplane could be reached when last probed. The runtime probes the backplane about once a second on its own
 * thread, so asking costs no round trip to the store (docs/observability.md, "Health").
 *
 * <pre>{@code
 * RealtimeHealth health = RealtimeHealth.of(servletContext);
 * if (!health.ready()) { ... } // health.toJson() is what /realtime/health answers
 * }</pre>
 *
 * <p>Immutable: a snapshot taken by {@link #of(ServletContext)}. Threading: any thread; never blocks.
 *
 * @param state whether the runtime runs, drains or has stopped
 * @param backplaneReachable whether the backplane answered its last probe; {@code false} once stopped
 */
public record RealtimeHealth(State state, boolean backplaneReachable) {

    /** Where the runtime is in its life. */
    public enum State {
        /** Serving clients. */
        RUNNING,
        /** The application stops: clients are told to reconnect, and new ones should go to another node. */
        DRAINING,
        /** No runtime runs in the servlet context: it has stopped, or never started there. */
        STOPPED
    }

    /**
     * Checks the state.
     *
     * @param state not null
     * @param backplaneReachable as last probed
     */
    public RealtimeHealth {
        Objects.requireNonNull(state, "state");
    }

    /**
     * The health of the runtime in {@code context} now.
     *
     * @param context a servlet context
     * @return its health; {@link State#STOPPED} if no runtime runs there
     */
    public static RealtimeHealth of(ServletContext context) {
        Object runtime = Objects.requireNonNull(context, "context").getAttribute(RealtimeRuntime.ATTRIBUTE);
        if (runtime instanceof RealtimeRuntime running) {
            return running.health();
        }
        return new RealtimeHealth(State.STOPPED, false);
    }

    /** {@return whether clients should be sent here: running, with the backplane reachable} */
    public boolean ready() {
        return state == State.RUNNING && backplaneReachable;
    }

    /**
     * {@return the health as {@code /realtime/health} answers it} Such as
     * {@code {"status":"up","state":"running","backplane":"up"}}; {@code status} is {@code up} when
     * {@link #ready()}, else {@code down}, and {@code backplane} is {@code unknown} once stopped.
     */
    public String toJson() {
        String backplane = state == State.STOPPED ? "unknown" : backplaneReachable ? "up" : "down";
        return "{\"status\":\"" + (ready() ? "up" : "down") + "\",\"state\":\""
                + state.name().toLowerCase(Locale.ROOT) + "\",\"backplane\":\"" + backplane + "\"}";
    }
}
