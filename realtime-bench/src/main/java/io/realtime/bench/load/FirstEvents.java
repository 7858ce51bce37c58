package io.realtime.bench.load;

import io.realtime.bench.Tick;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * New clients arriving while the server is busy: a few chains, each connecting a client, waiting for its first
 * tick, disconnecting it and starting the next, until the chains have made {@code probes} in all. Two times per
 * client: until it is open (the response head, the upgrade, or the first poll answered), and until its first tick,
 * counted from whichever is later, the connect or the tick's publish: a tick published while the client was still
 * connecting is not one it could have had, and the wait for the next publish is the publisher's, not the server's.
 */
public final class FirstEvents extends Chains {

    private final Histogram open = new Histogram();
    private final Histogram first = new Histogram();
    private final AtomicLong remaining = new AtomicLong();

    FirstEvents(LoadGenerator generator, Spec spec) {
        super(generator, spec);
    }

    /**
     * What the probes saw.
     *
     * @param open connect to open, in microseconds
     * @param first connect (or publish) to first tick, in microseconds
     * @param failed clients that did not open or were closed before their first tick
     * @param problem the first failure's reason, or {@code null}
     * @param waiting whether the only probes that failed were still waiting for their first tick, connected and
     *     not refused, when the timeout ended the wait: a delivery lost, not an error
     */
    public record Result(Histogram open, Histogram first, long failed, String problem, boolean waiting) {}

    Result run(int probes, int concurrency, Duration timeout) throws InterruptedException {
        remaining.set(probes);
        boolean ended = chain(concurrency, timeout);
        String problem = ended ? firstProblem.get() : "probes were still waiting after " + timeout.toSeconds() + " s";
        synchronized (this) {
            long refused = failed.get();
            return new Result(open, first, refused + (ended ? 0 : 1), problem, !ended && refused == 0);
        }
    }

    @Override
    boolean more() {
        return remaining.getAndDecrement() > 0;
    }

    @Override
    void prepare(Client client) {
        client.counted = false; // the background's deliveries are measured, not the probes'
    }

    @Override
    public void opened(Client client) {
        synchronized (this) {
            open.record(Tick.nowMicros() - client.connectMicros);
        }
    }

    @Override
    public void received(Client client, long sent, long now) {
        if (client.closed) {
            return; // a second tick in the same read
        }
        synchronized (this) {
            first.record(now - Math.max(client.connectMicros, sent));
        }
        client.close();
        next();
    }

    @Override
    public void closed(Client client, String reason) {
        failed(client, reason);
    }
}
