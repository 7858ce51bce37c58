package io.realtime.bench.load;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Connect churn: a fixed number of chains, each connecting a client, waiting until it follows the broadcast,
 * disconnecting it and starting the next, until the deadline.
 */
public final class Churn implements Client.Owner {

    private final LoadGenerator generator;
    private final Spec spec;
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> firstProblem = new AtomicReference<>();
    private final AtomicInteger chains = new AtomicInteger();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile long deadline;

    Churn(LoadGenerator generator, Spec spec) {
        this.generator = generator;
        this.spec = spec;
    }

    /**
     * What the churn achieved.
     *
     * @param completed clients that opened (and were then closed)
     * @param failed clients that did not open
     * @param seconds how long it ran
     * @param problem the first failure's reason, or {@code null}
     */
    public record Result(long completed, long failed, double seconds, String problem) {
        /**
         * Connections per second.
         *
         * @return the rate
         */
        public double rate() {
            return completed / seconds;
        }
    }

    Result run(int concurrency, Duration duration) throws InterruptedException {
        long start = System.nanoTime();
        deadline = start + duration.toNanos();
        chains.set(concurrency);
        for (int i = 0; i < concurrency; i++) {
            next();
        }
        boolean ended = done.await(duration.toSeconds() + 30, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        String problem = ended ? firstProblem.get() : "clients were still connecting 30 s after the end";
        return new Result(completed.get(), failed.get(), seconds, problem);
    }

    private void next() {
        if (System.nanoTime() > deadline) {
            if (chains.decrementAndGet() == 0) {
                done.countDown();
            }
            return;
        }
        Client client = generator.newClient(spec, this);
        client.loop.execute(client::start);
    }

    @Override
    public void opened(Client client) {
        completed.incrementAndGet();
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
        // only after opened(), which closes the client itself: nothing is reported then
    }
}
