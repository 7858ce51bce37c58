package io.realtime.internal.health;

import java.lang.System.Logger.Level;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the backplane could be reached when last probed: readiness reads this, never the store, so that a load
 * balancer asking often costs no round trip. {@link #tick()} starts a probe on the given threads unless one is still
 * running, so a store that hangs holds one thread at a time, for at most the backplane's own timeout.
 *
 * <p>Threading: any thread. A change is logged once, at WARN when the store is lost and at INFO when it is back.
 */
public final class BackplaneWatch {

    private static final System.Logger LOG = System.getLogger(BackplaneWatch.class.getName());

    private final Runnable probe;
    private final Executor threads;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile boolean reachable;

    /**
     * Probes once on the calling thread, so that readiness is known as soon as the runtime runs.
     *
     * @param probe returns if the store can be reached and throws if not; bounded in time
     * @param threads where the later probes run
     */
    public BackplaneWatch(Runnable probe, Executor threads) {
        this.probe = probe;
        this.threads = threads;
        this.reachable = attempt();
    }

    /** @return whether the last probe reached the store */
    public boolean reachable() {
        return reachable;
    }

    /** Starts a probe unless one runs; called about once a second by the runtime's scheduler. */
    public void tick() {
        if (!probing.compareAndSet(false, true)) {
            return;
        }
        try {
            threads.execute(() -> {
                try {
                    record(attempt());
                } finally {
                    probing.set(false);
                }
            });
        } catch (RejectedExecutionException stopping) {
            probing.set(false);
        }
    }

    private boolean attempt() {
        try {
            probe.run();
            return true;
        } catch (RuntimeException unreachable) {
            LOG.log(Level.DEBUG, "The backplane probe failed", unreachable);
            return false;
        }
    }

    private void record(boolean now) {
        boolean before = reachable;
        reachable = now;
        if (before && !now) {
            LOG.log(Level.WARNING, "The backplane cannot be reached: this node reports itself not ready");
        } else if (!before && now) {
            LOG.log(Level.INFO, "The backplane can be reached again: this node reports itself ready");
        }
    }
}
