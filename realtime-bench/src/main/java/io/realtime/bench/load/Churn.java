package io.realtime.bench.load;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connect churn: a fixed number of chains, each connecting a client, waiting until it follows the broadcast,
 * disconnecting it and starting the next, until the deadline.
 */
public final class Churn extends Chains {

    private final AtomicLong completed = new AtomicLong();
    private volatile long deadline;

    Churn(LoadGenerator generator, Spec spec) {
        super(generator, spec);
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
        boolean ended = chain(concurrency, duration.plusSeconds(30));
        double seconds = (System.nanoTime() - start) / 1e9;
        String problem = ended ? firstProblem.get() : "clients were still connecting 30 s after the end";
        return new Result(completed.get(), failed.get(), seconds, problem);
    }

    @Override
    boolean more() {
        return System.nanoTime() <= deadline;
    }

    @Override
    public void opened(Client client) {
        completed.incrementAndGet();
        client.close();
        next();
    }

    @Override
    public void closed(Client client, String reason) {
        // only after opened(), which closes the client itself: nothing is reported then
    }
}
