package io.realtime.bench.load;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * New clients arriving while the server is busy: a few chains, each connecting a client, waiting for its first
 * tick, disconnecting it and starting the next, until each chain has made its share of {@code probes}. Two times
 * per client: until it is open (the response head, the upgrade, or the first poll answered), and until its first
 * tick, counted from whichever is later, the connect or the tick's publish: a tick published while the client was
 * still connecting is not one it could have had, and the wait for the next publish is the publisher's, not the
 * server's.
 */
public final class FirstEvents implements Client.Owner {

    private final LoadGenerator generator;
    private final Spec spec;
    private final Histogram open = new Histogram();
    private final Histogram first = new Histogram();
    private final AtomicLong remaining = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicInteger chains = new AtomicInteger();
    private final AtomicReference<String> firstProblem = new AtomicReference<>();
    private final CountDownLatch done = new CountDownLatch(1);

    FirstEvents(LoadGenerator generator, Spec spec) {
        this.generator = generator;
        this.spec = spec;
    }

    /**
     * What the probes saw.
     *
     * @param open connect to open, in microseconds
     * @param first connect (or publish) to first tick, in microseconds
     * @param failed clients that did not open or were closed before their first tick
     * @param problem the first failure's reason, or {@code null}
     */
    public record Result(Histogram open, Histogram first, long failed, String problem) {}

    Result run(int probes, int concurrency, Duration timeout) throws InterruptedException {
        remaining.set(probes);
        chains.set(concurrency);
        for (int i = 0; i < concurrency; i++) {
            next();
        }
        boolean ended = done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        String problem = ended ? firstProblem.get() : "probes were still waiting after " + timeout.toSeconds() + " s";
        synchronized (this) {
            return new Result(open, first, failed.get() + (ended ? 0 : 1), problem);
        }
    }

    private void next() {
        if (remaining.getAndDecrement() <= 0) {
            if (chains.decrementAndGet() == 0) {
                done.countDown();
            }
            return;
        }
        Client client = generator.newClient(spec, this);
        client.counted = false; // the background's deliveries are measured, not the probes'
        client.loop.execute(client::start);
    }

    @Override
    public void opened(Client client) {
        synchronized (this) {
            open.record(io.realtime.bench.Tick.nowMicros() - client.connectMicros);
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
    public void failed(Client client, String reason) {
        failed.incrementAndGet();
        firstProblem.compareAndSet(null, reason);
        next();
    }

    @Override
    public void closed(Client client, String reason) {
        failed.incrementAndGet();
        firstProblem.compareAndSet(null, reason);
        next();
    }
}
