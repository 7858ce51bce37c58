package io.realtime.internal.admin;

import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.internal.metrics.MetricsRelay;
import io.realtime.internal.topic.TopicRegistry;
import io.realtime.spi.BackplaneException;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The admin page's live feed (docs/observability.md, "Admin page"), served by the runtime's own {@code @Stream}:
 * every node that has the page on publishes a {@link Snapshot} of itself to one topic every {@link #PERIOD_MILLIS},
 * so that with a shared backplane the page shows every node. Who may follow it is checked before the stream opens
 * ({@link AdminServlet.Gate}); a shared connection cannot subscribe to it.
 *
 * <p>Threading: {@link #tick} runs on the runtime's scheduler; it may block while the backplane stores a snapshot,
 * up to the backplane's timeout.
 */
public final class AdminFeed {

    private static final System.Logger LOG = System.getLogger(AdminFeed.class.getName());

    /** The page. */
    public static final String PAGE = "/realtime/admin";

    /** The feed: a {@code @Stream} of snapshots. */
    public static final String LIVE = "/realtime/admin/live";

    /** The topic every node publishes its snapshots to; reserved. */
    public static final String TOPIC = "realtime:admin";

    /** How often a node publishes its snapshot. */
    public static final long PERIOD_MILLIS = 2000;

    /** How many of its busiest topics a snapshot lists. */
    static final int TOPICS = 20;

    private final TopicRegistry topics;
    private final Supplier<Map<String, Integer>> stats;
    private final AdminTally tally = new AdminTally();
    private final boolean shared;
    private final String node = newNode();
    private final Map<String, Long> lastHeads = new HashMap<>(); // the listed topics' heads at the last tick
    private Map<String, Long> lastTotals = Map.of();
    private long lastMillis;

    /**
     * @param topics the runtime's topics, whose metrics this counts from now on
     * @param stats the runtime's statistics ({@code RealtimeStats}), by the names of its components
     * @param shared whether a backplane is shared by other nodes, whose snapshots then travel through the topic
     */
    public AdminFeed(TopicRegistry topics, Supplier<Map<String, Integer>> stats, boolean shared) {
        this.topics = topics;
        this.stats = stats;
        this.shared = shared;
        MetricsRelay relay = topics.metrics();
        relay.tap(tally);
    }

    /**
     * One node's state, as the page shows it.
     *
     * @param node a random id of the node, new at every start
     * @param at when it was taken, in epoch milliseconds
     * @param stats the runtime's statistics ({@code RealtimeStats}), by the names of its components
     * @param connections open connections by transport
     * @param totals counters since the start
     * @param rates the same counters' rates over the last period, per second
     * @param refusals refusals since the start, by code; {@code rate:<limit>} for pacing
     * @param topics the busiest topics on this node
     */
    public record Snapshot(
            String node,
            long at,
            Map<String, Integer> stats,
            Map<String, Long> connections,
            Map<String, Long> totals,
            Map<String, Double> rates,
            Map<String, Long> refusals,
            List<TopicRow> topics) {}

    /**
     * @param name the topic
     * @param subscribers its subscribers on this node
     * @param perSecond events a second over the last period, or {@code -1} when not known yet
     */
    public record TopicRow(String name, int subscribers, double perSecond) {}

    /** @return the feed: the snapshots of every node */
    @Stream(LIVE)
    public Topic<Snapshot> live() {
        return topics.get(TOPIC);
    }

    /**
     * Publishes this node's snapshot; called every {@link #PERIOD_MILLIS} by the runtime's scheduler. Skipped while
     * nobody follows the feed on a node alone.
     *
     * @param nowMillis the current time
     */
    public void tick(long nowMillis) {
        Snapshot snapshot = snapshot(nowMillis);
        if (!shared && topics.subscribers(TOPIC) == 0) {
            return;
        }
        try {
            topics.<Snapshot>get(TOPIC).publish(snapshot);
        } catch (BackplaneException e) {
            LOG.log(Level.DEBUG, "Could not publish the admin snapshot", e);
        }
    }

    synchronized Snapshot snapshot(long nowMillis) {
        double seconds = lastMillis == 0 ? 0 : (nowMillis - lastMillis) / 1000.0;
        Map<String, Long> totals = tally.totals();
        Map<String, Double> rates = new TreeMap<>();
        totals.forEach((name, total) ->
                rates.put(name, seconds > 0 ? (total - lastTotals.getOrDefault(name, total)) / seconds : 0));
        List<TopicRow> rows = new ArrayList<>();
        Map<String, Long> heads = new HashMap<>();
        for (TopicRegistry.Load load : topics.busiest(TOPICS + 1)) {
            if (load.name().equals(TOPIC) || rows.size() == TOPICS) {
                continue;
            }
            String key = load.epoch() + ':' + load.name();
            Long before = lastHeads.get(key);
            heads.put(key, load.head());
            rows.add(new TopicRow(
                    load.name(),
                    load.subscribers(),
                    before == null || seconds <= 0 ? -1 : (load.head() - before) / seconds));
        }
        lastHeads.clear();
        lastHeads.putAll(heads);
        lastTotals = totals;
        lastMillis = nowMillis;
        return new Snapshot(node, nowMillis, stats.get(), tally.open(), totals, rates, tally.refusals(), rows);
    }

    private static String newNode() {
        byte[] bytes = new byte[6];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
