package io.realtime.bench.load;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Clients one after another in a fixed number of chains: each chain opens a client, and when the subclass is done
 * with it (or it fails), opens the next, as long as {@link #more} says so.
 */
abstract class Chains implements Client.Owner {

    final AtomicLong failed = new AtomicLong();
    final AtomicReference<String> firstProblem = new AtomicReference<>();
    private final LoadGenerator generator;
    private final Spec spec;
    private final AtomicInteger chains = new AtomicInteger();
    private final CountDownLatch done = new CountDownLatch(1);

    Chains(LoadGenerator generator, Spec spec) {
        this.generator = generator;
        this.spec = spec;
    }

    /** Whether a chain opens another client; called once per client. */
    abstract boolean more();

    /** Adjusts a client before it starts. */
    void prepare(Client client) {}

    /** Starts the chains and waits until every one has ended; false if {@code timeout} passed first. */
    boolean chain(int concurrency, Duration timeout) throws InterruptedException {
        chains.set(concurrency);
        for (int i = 0; i < concurrency; i++) {
            next();
        }
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Opens the chain's next client, or ends the chain. */
    void next() {
        if (!more()) {
            if (chains.decrementAndGet() == 0) {
                done.countDown();
            }
            return;
        }
        Client client = generator.newClient(spec, this);
        prepare(client);
        client.loop.execute(client::start);
    }

    @Override
    public void failed(Client client, String reason) {
        failed.incrementAndGet();
        firstProblem.compareAndSet(null, reason);
        next();
    }
}
