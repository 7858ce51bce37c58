package io.realtime.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Reconnection storms: both nodes close every connection at once, as a load balancer or proxy restart would, so
 * that every subscriber reconnects within one second with its cursor. A storm lasts until every subscriber is
 * current again: it has processed, for its topic, an event published after every client had begun to
 * reconnect. The probe latencies during that time say whether the servers kept answering.
 *
 * <p>Threading: one storm at a time, from the fault injector or a storm run.
 */
final class Storms {

    /**
     * One storm.
     *
     * @param subscribers how many subscribers it involved
     * @param dropped how many connections the nodes closed
     * @param secondsUntilCurrent from the drop until the last subscriber was current
     * @param allCurrent whether every subscriber became current within the patience
     * @param probes the probes sent meanwhile
     * @param behind when not all became current, the first few that did not, with where they were
     */
    record Storm(
            int subscribers,
            int dropped,
            double secondsUntilCurrent,
            boolean allCurrent,
            Prober.Latency probes,
            List<String> behind) {
        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%d subscribers, %d connections dropped, %s after %.1f s, probe p99 %.1f ms (%d probes, %d"
                            + " failed)%s",
                    subscribers,
                    dropped,
                    allCurrent ? "all current" : "NOT ALL CURRENT",
                    secondsUntilCurrent,
                    probes.p99(),
                    probes.answered(),
                    probes.failed(),
                    behind.isEmpty() ? "" : "; behind: " + behind);
        }
    }

    private final Acks acks;
    private final Prober prober;
    private final Duration patience;
    private final List<Storm> storms = new ArrayList<>();

    Storms(Acks acks, Prober prober, Duration patience) {
        this.acks = acks;
        this.prober = prober;
        this.patience = patience;
    }

    /** Drops every connection of both nodes and waits until every subscriber is current. */
    Storm run(Site site, List<Subscriber> subscribers) {
        long start = System.nanoTime();
        List<CompletableFuture<Integer>> drops = site.nodes().stream()
                .map(node -> CompletableFuture.supplyAsync(node::drop))
                .toList();
        int dropped = drops.stream().mapToInt(CompletableFuture::join).sum();
        LockSupport.parkNanos(start + TimeUnit.SECONDS.toNanos(1) - System.nanoTime());
        long deadline = start + patience.toNanos();
        Map<String, Position> targets = nextAcks(subscribers, deadline);
        boolean all = false;
        List<String> behindNodes = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            if (subscribers.stream().allMatch(s -> reached(s, targets))) {
                all = true;
                break;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        long end = System.nanoTime();
        if (!all) {
            site.nodes().forEach(node -> {
                node.dumpThreads("storm-" + (storms.size() + 1));
                behindNodes.add(node.name() + " " + node.health());
            });
        }
        List<String> behind = new ArrayList<>(behindNodes);
        subscribers.stream()
                .filter(s -> !reached(s, targets))
                .limit(5)
                .map(s -> s + " (target " + targets.get(s.topic()) + ")")
                .forEach(behind::add);
        Storm storm =
                new Storm(subscribers.size(), dropped, (end - start) / 1e9, all, prober.between(start, end), behind);
        synchronized (storms) {
            storms.add(storm);
        }
        return storm;
    }

    List<Storm> all() {
        synchronized (storms) {
            return List.copyOf(storms);
        }
    }

    private static boolean reached(Subscriber subscriber, Map<String, Position> targets) {
        Position at = subscriber.ledger().position();
        Position target = targets.get(subscriber.topic());
        return at != null && target != null && at.reached(target);
    }

    /** Each topic's first acknowledgement from now on: published after every client began to reconnect. */
    private Map<String, Position> nextAcks(List<Subscriber> subscribers, long deadline) {
        Map<String, Position> before = new HashMap<>();
        subscribers.forEach(s -> before.putIfAbsent(s.topic(), acks.latest(s.topic())));
        Map<String, Position> next = new HashMap<>();
        while (next.size() < before.size() && System.nanoTime() < deadline) {
            before.forEach((topic, old) -> {
                Position latest = acks.latest(topic);
                if (latest != null && !latest.equals(old)) {
                    next.putIfAbsent(topic, latest);
                }
            });
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        return next;
    }
}
