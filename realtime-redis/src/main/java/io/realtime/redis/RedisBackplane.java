package io.realtime.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.realtime.Presence;
import io.realtime.spi.Backplane;
import io.realtime.spi.BackplaneException;
import io.realtime.spi.ControlChannel;
import io.realtime.spi.SharedPresence;
import io.realtime.spi.StoredEvent;
import io.realtime.spi.TabStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A backplane on Redis, for applications that run on several nodes: every topic's events are numbered and stored
 * in Redis, so a cursor issued by one node is valid on every node, and a client may resume, or poll, on any node.
 * One Redis server, or a Redis Cluster:
 *
 * <pre>{@code
 * RealtimeConfig config = RealtimeConfig.builder()
 *         .backplane(RedisBackplane.create("redis://redis.internal:6379"))
 *         // or: .backplane(RedisBackplane.cluster("redis://redis-1:6379", "redis://redis-2:6379"))
 *         .build();
 * }</pre>
 *
 * <p>How it works: each topic has, under the key prefix, a hash holding its epoch and newest offset and a stream
 * holding its recent events. One Lua script numbers, stores, trims and announces each event atomically; each node
 * subscribes once per topic it serves to the topic's channel, hands the announced events to the runtime in order,
 * and reads from the stream whatever it did not hear. A topic whose state Redis lost (flushed, restarted without
 * persistence, evicted, or restored from an older snapshot) gets a new epoch, so clients get a {@code reset}
 * rather than a silent gap.
 *
 * <p>On a Redis Cluster (Redis 7 or later) a topic's keys and channel share a hash tag, hence one slot, and one
 * master runs its script; the notices travel by sharded pub/sub ({@code SPUBLISH}, {@code SSUBSCRIBE}), within
 * that master's shard only. The seeds are where the backplane first reads the topology; it follows the cluster's
 * changes from then on. Faults, topic by topic, only for the topics of the slots concerned:
 * <ul>
 *   <li>{@code MOVED} and {@code ASK} redirects are followed by the client, and a {@code MOVED} makes it read the
 *       topology again; the backplane moves its subscriptions to the slots' new masters. A publish to a slot in
 *       the middle of a migration may fail ({@code TRYAGAIN}).
 *   <li>A master that is down: publishes to its slots fail at once with a {@link BackplaneException}; its topics'
 *       subscribers wait, and other topics carry on. Its subscriptions are renewed as soon as the master, or the
 *       replica promoted in its place, can be reached, and every node then reads what it missed from the streams.
 *   <li>A failover, or a master's restart: Redis replicates asynchronously, so the new master may lack the last
 *       events its predecessor acknowledged. The state records the replication id of the master that numbered a
 *       topic's events, and a topic that another master (or the same one, restarted) finds starts a new epoch:
 *       clients get an explicit {@code reset}, even when nothing was lost, never a silent gap.
 * </ul>
 *
 * <p>Limits: each topic's stream keeps the newest {@link Builder#history(int, java.time.Duration) history} events,
 * and a topic's keys expire after {@link Builder#keyExpiry(java.time.Duration) keyExpiry} without use.
 *
 * <p>Threading and blocking: thread-safe. {@link #publish} runs on the caller's thread and blocks until Redis has
 * stored the event, at most for the {@link Builder#timeout(java.time.Duration) timeout} (1 second by default).
 * {@link #attach} blocks likewise (on a cluster, plus the time to connect to a master it had no connection to).
 * Listeners are called one topic at a time: on this backplane's two threads, or on the thread that attaches or
 * catches up. The Redis client adds its own I/O threads, which never block.
 *
 * <p>Failure behaviour: while Redis (or, on a cluster, the master of the topic's slot) is unreachable,
 * {@link #publish} and {@link #attach} fail at once, or when the timeout expires, with a {@link BackplaneException}
 * (HTTP {@code 503 backplane_unavailable} for clients). When a publish fails the event may still have been stored,
 * if Redis received it before the connection broke; it is then delivered like any other. The connections come back
 * by themselves; on their return every node catches up from the streams, or resets its clients if Redis lost the
 * history meanwhile.
 */
public final class RedisBackplane implements Backplane {

    private final Builder settings;
    private volatile Connected connected; // null once closed
    private final SharedPresence shared = new SharedPresence() {
        @Override
        public Outcome update(String topic, Changes changes, int listLimit) {
            return current().presence().update(topic, changes, listLimit);
        }

        @Override
        public Presence.Roster read(String topic, int listLimit) {
            return current().presence().read(topic, listLimit);
        }

        @Override
        public long refreshMillis() {
            return settings.presenceTtl.toMillis() / 3;
        }
    };
    private final ControlChannel control = new ControlChannel() {
        @Override
        public void send(byte[] message) {
            current().control().send(message);
        }

        @Override
        public AutoCloseable listen(Consumer<byte[]> receiver) {
            return open().control().listen(receiver);
        }
    };

    private final TabStore tabs = new TabStore() {
        @Override
        public Map<String, byte[]> load(String tab, long ttlMillis) {
            return current().tabs().load(tab, ttlMillis);
        }

        @Override
        public boolean put(String tab, String key, byte[] value, int maxKeys, long ttlMillis) {
            return current().tabs().put(tab, key, value, maxKeys, ttlMillis);
        }

        @Override
        public void remove(String tab, String key, long ttlMillis) {
            current().tabs().remove(tab, key, ttlMillis);
        }

        @Override
        public void delete(String tab) {
            current().tabs().delete(tab);
        }

        @Override
        public void touch(String tab, long ttlMillis) {
            current().tabs().touch(tab, ttlMillis);
        }
    };

    private RedisBackplane(Builder settings, Connected connected) {
        this.settings = settings;
        this.connected = connected;
    }

    /**
     * Connects to one Redis server with the default settings.
     *
     * @param url {@code redis://[[user:]password@]host[:port][/database]}, or {@code rediss://...} for TLS
     * @return the backplane, connected
     * @throws IllegalArgumentException if the URL is malformed
     * @throws BackplaneException if Redis cannot be reached now
     */
    public static RedisBackplane create(String url) {
        return builder(url).build();
    }

    /**
     * A builder for one Redis server, with custom settings.
     *
     * @param url as for {@link #create(String)}
     * @return a new builder
     * @throws IllegalArgumentException if the URL is malformed
     */
    public static Builder builder(String url) {
        return new Builder(List.of(Connector.uri(url)), false);
    }

    /**
     * A builder for one Redis server from a Lettuce {@link RedisURI}, for what a URL cannot say (a credentials
     * provider, the TLS verification mode).
     *
     * @param uri where Redis is; copied
     * @return a new builder
     */
    public static Builder builder(RedisURI uri) {
        return new Builder(List.of(RedisURI.builder(uri).build()), false);
    }

    /**
     * Connects to a Redis Cluster (Redis 7 or later) with the default settings.
     *
     * @param seedUrls some of the cluster's nodes, {@code redis://[[user:]password@]host[:port]} or
     *     {@code rediss://...} for TLS; one that answers is enough. The first one's credentials and TLS settings
     *     apply to every node
     * @return the backplane, connected
     * @throws IllegalArgumentException if there is no seed, or one is malformed or names a database other than 0
     * @throws BackplaneException if no seed can be reached now
     */
    public static RedisBackplane cluster(String... seedUrls) {
        return clusterBuilder(seedUrls).build();
    }

    /**
     * A builder for a Redis Cluster, with custom settings.
     *
     * @param seedUrls as for {@link #cluster(String...)}
     * @return a new builder
     * @throws IllegalArgumentException as for {@link #cluster(String...)}
     */
    public static Builder clusterBuilder(String... seedUrls) {
        return clusterBuilder(Arrays.stream(seedUrls).map(Connector::uri).toArray(RedisURI[]::new));
    }

    /**
     * A builder for a Redis Cluster from Lettuce {@link RedisURI}s, for what a URL cannot say.
     *
     * @param seeds as for {@link #cluster(String...)}; copied
     * @return a new builder
     * @throws IllegalArgumentException as for {@link #cluster(String...)}
     */
    public static Builder clusterBuilder(RedisURI... seeds) {
        if (seeds.length == 0) {
            throw new IllegalArgumentException("A Redis Cluster needs at least one seed node");
        }
        return new Builder(Arrays.stream(seeds).map(Connector::seed).toList(), true);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Subscribes this node to the topic's channel, then reads the topic's epoch and retained events from Redis.
     * After {@link #close()}, connects again first: an application started again with the same configuration (an
     * embedded server restarting its context) uses the backplane its previous start closed.
     *
     * @throws BackplaneException if Redis cannot be reached
     */
    @Override
    public Attachment attach(String topic, Listener listener) {
        return open().attach(topic, null, listener);
    }

    /**
     * {@inheritDoc}
     *
     * <p>As {@link #attach(String, Listener)}; the run's stream is trimmed to {@code retention} on every publish
     * instead of to the history settings, and its keys expire no sooner than its events.
     *
     * @throws BackplaneException if Redis cannot be reached
     */
    @Override
    public Attachment attach(String topic, Retention retention, Listener listener) {
        return open().attach(topic, retention, listener);
    }

    private Connected open() {
        Connected current = connected;
        if (current == null) {
            synchronized (this) {
                if (connected == null) {
                    connected = Connector.connect(settings);
                }
                current = connected;
            }
        }
        return current;
    }

    /**
     * {@inheritDoc}
     *
     * @throws BackplaneException if Redis cannot be reached, or did not answer within the timeout, or the backplane
     *     was closed and no topic was attached since
     */
    @Override
    public StoredEvent publish(String topic, String name, byte[] data) {
        return current().publish(topic, name, data);
    }

    private Connected current() {
        Connected current = connected;
        if (current == null) {
            throw new BackplaneException("The backplane was closed: the application stopped", null);
        }
        return current;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Sends {@code PING} on the command connection (on a cluster, to the node the client uses by default); fails at
     * once while the connection is down, and otherwise within the {@link Builder#timeout(Duration) timeout}.
     *
     * @throws BackplaneException if Redis cannot be reached, or the backplane was closed
     */
    @Override
    public void probe() {
        current().probe();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Presence across nodes: every node keeps its members of each topic in Redis, with a deadline it pushes back
     * every third of the {@link Builder#presenceTtl(Duration) presence TTL}. Who is here, the counts, and join and
     * leave events are the same on every node; a tab that reloads onto another node within the grace period (or
     * within the TTL after its node died) is neither a leave nor a join. The members of a node that stops (crashed,
     * cut off from Redis, or stopped: it does not remove them) leave within about the TTL and a third, at the next
     * update of a node that has members in the same topic. Reading the roster or the counts is one script run, and
     * blocks up to the {@link Builder#timeout(Duration) timeout}.
     */
    @Override
    public Optional<SharedPresence> presence() {
        return Optional.of(shared);
    }

    /**
     * {@inheritDoc}
     *
     * <p>One pub/sub channel, {@code <keyPrefix>control} (on a cluster a shard channel, served by one master), which
     * every node subscribes to; a message is one {@code PUBLISH} (or {@code SPUBLISH}) that blocks up to the
     * {@link Builder#timeout(Duration) timeout}. Nothing is stored: a node cut off from Redis misses what is sent
     * meanwhile. Listening after {@link #close()} connects again, as {@link #attach} does.
     */
    @Override
    public Optional<ControlChannel> control() {
        return Optional.of(control);
    }

    /**
     * {@inheritDoc}
     *
     * <p>One hash per tab, {@code <keyPrefix>tab:{<fingerprint>}} (on a cluster each tab in its own slot), which expires
     * after the tab idle timeout without a change, a read, or the expiry pushed back by a node where the tab is
     * connected. Each call is one script run that blocks up to the {@link Builder#timeout(Duration) timeout}.
     */
    @Override
    public Optional<TabStore> tabs() {
        return Optional.of(tabs);
    }

    /**
     * Detaches every topic, stops the threads and closes the connections, waiting up to about four seconds for the
     * client to wind down. A listener call in progress may finish; no other starts. Idempotent. A later
     * {@link #attach} connects again.
     */
    @Override
    public void close() {
        Connected current;
        synchronized (this) {
            current = connected;
            connected = null;
        }
        if (current != null) {
            current.close();
        }
    }

    /**
     * Settings of a {@link RedisBackplane}. Not thread-safe; {@link #build()} connects.
     *
     * <p>The history limits should match the runtime's ({@code RealtimeConfig.historyMaxEvents} and
     * {@code historyMaxAge}): a node's window holds at most what the runtime retains, and fills it from what Redis
     * retains.
     */
    public static final class Builder {

        final List<RedisURI> uris;
        final boolean cluster;
        ClientOptions options = ClientOptions.create();
        String keyPrefix = "realtime:";
        int maxEvents = 1000;
        Duration maxAge = Duration.ofMinutes(10);
        Duration keyExpiry = Duration.ofDays(1);
        Duration timeout = Duration.ofSeconds(1);
        Duration presenceTtl = Duration.ofSeconds(15);

        Builder(List<RedisURI> uris, boolean cluster) {
            this.uris = uris;
            this.cluster = cluster;
        }

        /**
         * What every key and channel name starts with; default {@code realtime:}. Applications sharing one Redis
         * need different prefixes, or their topics of the same name become one.
         *
         * @param value 1 to 64 characters, no control characters or braces
         * @return this builder
         */
        public Builder keyPrefix(String value) {
            if (value.isEmpty()
                    || value.length() > 64
                    || value.chars().anyMatch(c -> Character.isISOControl(c) || c == '{' || c == '}')) {
                throw new IllegalArgumentException(
                        "The key prefix must be 1 to 64 characters without control characters or braces");
            }
            keyPrefix = value;
            return this;
        }

        /**
         * How much history each topic's stream retains; default 1000 events and 10 minutes, as the runtime. Each
         * publish trims the stream to both limits exactly.
         *
         * @param events the newest events kept, 1 to 1,000,000
         * @param age how long an event is kept, at least a second
         * @return this builder
         */
        public Builder history(int events, Duration age) {
            if (events < 1 || events > 1_000_000) {
                throw new IllegalArgumentException("History must keep 1 to 1,000,000 events, was " + events);
            }
            if (age.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("History must keep events at least a second, was " + age);
            }
            maxEvents = events;
            maxAge = age;
            return this;
        }

        /**
         * How long a topic's keys outlive its last publish or attach; default one day, at least the history age.
         * A topic that comes back after its keys expired starts a new epoch: its clients get a {@code reset}.
         *
         * @param value the expiry
         * @return this builder
         */
        public Builder keyExpiry(Duration value) {
            keyExpiry = Objects.requireNonNull(value, "keyExpiry");
            return this;
        }

        /**
         * The longest a call waits for Redis to answer; default 1 second. Publishes and attaches fail with a
         * {@link BackplaneException} when it expires (at once while Redis is known to be unreachable).
         *
         * @param value 10 milliseconds to 1 minute
         * @return this builder
         */
        public Builder timeout(Duration value) {
            if (value.compareTo(Duration.ofMillis(10)) < 0 || value.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("The timeout must be 10 ms to 1 minute, was " + value);
            }
            timeout = value;
            return this;
        }

        /**
         * How long the members a node holds in a topic's presence outlive its last update; default 15 seconds. A
         * live node updates every topic it has members in every third of it; the members of a node that stopped
         * leave within about this time and a third. Shorter notices crashes sooner, at the cost of more updates.
         *
         * @param value 1 second to 10 minutes
         * @return this builder
         */
        public Builder presenceTtl(Duration value) {
            if (value.compareTo(Duration.ofSeconds(1)) < 0 || value.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("The presence TTL must be 1 second to 10 minutes, was " + value);
            }
            presenceTtl = value;
            return this;
        }

        /**
         * Lettuce's client options, for TLS ({@code sslOptions}), socket and protocol settings; on a cluster they
         * may be {@code ClusterClientOptions}. The backplane overrides what its guarantees rest on: automatic
         * reconnection, rejecting commands while disconnected (so publishes fail fast), the command timeout, a
         * bounded request queue, and on a cluster the topology refresh (after redirects and failing reconnects, at
         * most once a second, and every 30 seconds). It turns off Redis Enterprise's maintenance notifications,
         * with which the client would need SLF4J on the class path.
         *
         * @param value the options
         * @return this builder
         */
        public Builder clientOptions(ClientOptions value) {
            options = Objects.requireNonNull(value, "clientOptions");
            return this;
        }

        /**
         * Connects to Redis.
         *
         * @return the backplane; hand it to {@code RealtimeConfig.Builder.backplane}, which closes it on stop
         * @throws IllegalStateException if the key expiry is shorter than the history age
         * @throws BackplaneException if Redis cannot be reached now
         */
        public RedisBackplane build() {
            if (keyExpiry.compareTo(maxAge) < 0) {
                throw new IllegalStateException(
                        "The key expiry (" + keyExpiry + ") must not be shorter than the history age (" + maxAge + ")");
            }
            Builder settings = copy(); // kept to connect again after a close, whatever this builder does next
            return new RedisBackplane(settings, Connector.connect(settings));
        }

        private Builder copy() {
            Builder copy = new Builder(uris, cluster);
            copy.options = options;
            copy.keyPrefix = keyPrefix;
            copy.maxEvents = maxEvents;
            copy.maxAge = maxAge;
            copy.keyExpiry = keyExpiry;
            copy.timeout = timeout;
            copy.presenceTtl = presenceTtl;
            return copy;
        }
    }
}
