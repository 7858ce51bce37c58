package io.realtime.chaos;

import io.realtime.testing.Container;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

/**
 * One run of a {@link Plan}: starts Redis and the nodes, the publisher and the subscribers, injects faults for
 * the plan's duration, then stops the faults and the steady ticks, publishes a fence per topic and waits until
 * every subscriber has reached its fence. What a subscriber never received by then counts as lost.
 */
final class ChaosRun {

    private ChaosRun() {}

    static Figures run(Plan plan) {
        List<String> topics =
                IntStream.range(0, plan.topics()).mapToObj(i -> "t" + i).toList();
        try (Site site = Site.start(plan.node());
                Clients clients = new Clients(plan.subscribers())) {
            Acks acks = new Acks();
            Tally tally = new Tally();
            Crowd crowd =
                    new Crowd(clients, acks, tally, site.uris(), plan.node().history());
            try (Publisher publisher = new Publisher(topics, crowd, plan.rate());
                    Prober prober = new Prober(site.uris(), clients);
                    Health health = plan.health().isZero()
                            ? null
                            : new Health(site, plan.health().toMillis())) {
                publisher.start();
                clients.openBrowser(site.uris().get(0), "/feed/" + topics.get(0));
                Population population = new Population(crowd, topics);
                population.start(plan.perTransport());
                Storms storms = new Storms(acks, prober, plan.stormPatience());
                long start = System.nanoTime();
                Faults faults = new Faults(
                        site,
                        population,
                        storms,
                        plan.faults(),
                        plan.minGap(),
                        plan.maxGap(),
                        plan.seed(),
                        plan.node().logs());
                faults.start();
                LockSupport.parkNanos(plan.duration().toNanos());
                faults.awaitEveryKind(plan.duration());
                faults.close(); // waits until both nodes and Redis serve again
                double seconds = (System.nanoTime() - start) / 1e9;
                publisher.stopTicking(Duration.ofSeconds(30));
                Map<String, Position> fences;
                try {
                    fences = publisher.fences(Duration.ofSeconds(60));
                } catch (IllegalStateException e) {
                    site.nodes().forEach(node -> node.dumpThreads("no-fence"));
                    throw e;
                }
                long fenced = System.nanoTime();
                List<String> behind = awaitFences(population.present(), fences, plan.catchUp(), tally);
                double catchUp = (System.nanoTime() - fenced) / 1e9;
                if (!behind.isEmpty()) {
                    site.nodes().forEach(node -> node.dumpThreads("behind-fence"));
                }
                population.stop();
                return new Figures(
                        Container.only().name(),
                        plan,
                        seconds,
                        acks.count(),
                        publisher.counts(),
                        tally,
                        acks.reused(),
                        Epochs.of(acks.epochs(), faults.redisFaults()),
                        faults.injected(),
                        faults.failures(),
                        storms.all(),
                        prober.all(),
                        population.present().size(),
                        behind,
                        catchUp,
                        health == null ? List.of() : health.samples());
            }
        }
    }

    /**
     * Waits until every subscriber has processed its topic's fence; those that have not by the deadline lost
     * everything between where they are and the fence.
     *
     * @return the subscribers that did not reach their fence, with their position
     */
    private static List<String> awaitFences(
            List<Subscriber> subscribers, Map<String, Position> fences, Duration patience, Tally tally) {
        long deadline = System.nanoTime() + patience.toNanos();
        List<Subscriber> waiting = new ArrayList<>(subscribers);
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            waiting.removeIf(
                    s -> s.ledger().position() != null && s.ledger().position().reached(fences.get(s.topic())));
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        List<String> behind = new ArrayList<>();
        for (Subscriber subscriber : waiting) {
            Position at = subscriber.ledger().position();
            Position fence = fences.get(subscriber.topic());
            long missing =
                    at != null && at.epoch().equals(fence.epoch()) ? fence.offset() - at.offset() : fence.offset();
            tally.lost.add(missing);
            behind.add(subscriber.name() + " at " + at + ", fence " + fence);
        }
        return behind;
    }
}
