package io.realtime.internal.admin;

import io.realtime.internal.Transport;
import io.realtime.internal.metrics.ConnectionMetrics;
import io.realtime.internal.metrics.Metrics;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the admin page counts, whether or not Micrometer is on the class path: open connections by transport, events
 * published and delivered, resumes, resets, drops, slow consumers, and refusals by code. Bounded: at most
 * {@link #MAX_CODES} codes are kept apart, any beyond share {@code other}. Threading: any thread; never blocks; a
 * counter is one {@link LongAdder}.
 */
final class AdminTally implements Metrics {

    static final int MAX_CODES = 64;

    private final Map<Transport, PerTransport> transports = new EnumMap<>(Transport.class);
    private final LongAdder published = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder resumed = new LongAdder();
    private final LongAdder resets = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder slowConsumers = new LongAdder();
    private final ConcurrentMap<String, LongAdder> refusals = new ConcurrentHashMap<>();

    AdminTally() {
        for (Transport transport : Transport.values()) {
            transports.put(transport, new PerTransport());
        }
    }

    /** The connections of one transport, every endpoint together: the page never names more than a transport. */
    private final class PerTransport implements ConnectionMetrics {
        final LongAdder open = new LongAdder();

        @Override
        public void opened() {
            open.increment();
        }

        @Override
        public void closed(long nanos, boolean slowConsumer) {
            open.decrement();
            if (slowConsumer) {
                slowConsumers.increment();
            }
        }

        @Override
        public void delivered(int count, long oldestPublishedMillis) {
            delivered.add(count);
        }

        @Override
        public void dropped() {
            dropped.increment();
        }

        @Override
        public void reset() {
            resets.increment();
        }

        @Override
        public void resumed() {
            resumed.increment();
        }
    }

    @Override
    public ConnectionMetrics connection(Transport transport, String endpoint) {
        return transports.get(transport);
    }

    @Override
    public void published() {
        published.increment();
    }

    @Override
    public void refused(String code) {
        count(code);
    }

    @Override
    public void rateLimited(String limit) {
        count("rate:" + limit);
    }

    private void count(String code) {
        String key = refusals.containsKey(code) || refusals.size() < MAX_CODES ? code : "other";
        refusals.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** @return the open connections by transport, by its name on the wire */
    Map<String, Long> open() {
        Map<String, Long> open = new TreeMap<>();
        transports.forEach((transport, counts) -> open.put(transport.wireName(), Math.max(0, counts.open.sum())));
        return open;
    }

    /** @return every counter since the start, by name */
    Map<String, Long> totals() {
        Map<String, Long> totals = new TreeMap<>();
        totals.put("published", published.sum());
        totals.put("delivered", delivered.sum());
        totals.put("resumed", resumed.sum());
        totals.put("resets", resets.sum());
        totals.put("dropped", dropped.sum());
        totals.put("slowConsumers", slowConsumers.sum());
        return totals;
    }

    /** @return the refusals since the start, by code */
    Map<String, Long> refusals() {
        Map<String, Long> counts = new TreeMap<>();
        refusals.forEach((code, count) -> counts.put(code, count.sum()));
        return counts;
    }
}
