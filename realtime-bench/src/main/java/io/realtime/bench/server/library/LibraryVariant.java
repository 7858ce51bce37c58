package io.realtime.bench.server.library;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.PathParam;
import io.realtime.Push;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.bench.Tick;
import io.realtime.bench.server.Rooms;
import io.realtime.bench.server.Variant;
import io.realtime.redis.RedisBackplane;
import io.realtime.runtime.Realtime;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.runtime.RealtimeStats;
import jakarta.servlet.ServletContext;
import java.util.List;

/**
 * This library: the main topic and the rooms, each served as {@code @Duplex} (WebSocket), {@code @Stream}
 * (Server-Sent Events) and {@code @Push} (long-poll), with the default settings except the per-address poll limit,
 * which would refuse the load generator's thousands of polls from a handful of loopback addresses. With the system
 * property {@value #REDIS} naming a Redis URL, topics go through the Redis backplane, so that several such servers
 * share them.
 */
public final class LibraryVariant implements Variant {

    /** The system property that names a Redis for the backplane, such as {@code redis://127.0.0.1:6379}. */
    public static final String REDIS = "bench.redis";

    private volatile ServletContext context;
    private volatile Topics topics;

    /** The endpoints, as an application would write them. */
    public static final class Endpoints {
        private final Topics topics;

        /**
         * Created by the runtime.
         *
         * @param topics the application's topics
         */
        public Endpoints(Topics topics) {
            this.topics = topics;
        }

        /**
         * The WebSocket endpoint.
         *
         * @param connection the connection
         * @return the topic it follows
         */
        @Duplex("/ws")
        public Topic<Tick> ws(Connection<Tick> connection) {
            return topics.get(Rooms.MAIN);
        }

        /**
         * A room's WebSocket endpoint.
         *
         * @param room the room's number
         * @param connection the connection
         * @return the room's topic
         */
        @Duplex("/ws/{room}")
        public Topic<Tick> wsRoom(@PathParam("room") String room, Connection<Tick> connection) {
            return topics.get(room);
        }

        /**
         * The Server-Sent Events endpoint.
         *
         * @return the topic
         */
        @Stream("/sse")
        public Topic<Tick> sse() {
            return topics.get(Rooms.MAIN);
        }

        /**
         * A room's Server-Sent Events endpoint.
         *
         * @param room the room's number
         * @return the room's topic
         */
        @Stream("/sse/{room}")
        public Topic<Tick> sseRoom(@PathParam("room") String room) {
            return topics.get(room);
        }

        /**
         * The long-poll endpoint.
         *
         * @return the topic
         */
        @Push("/poll")
        public Topic<Tick> poll() {
            return topics.get(Rooms.MAIN);
        }

        /**
         * A room's long-poll endpoint.
         *
         * @param room the room's number
         * @return the room's topic
         */
        @Push("/poll/{room}")
        public Topic<Tick> pollRoom(@PathParam("room") String room) {
            return topics.get(room);
        }
    }

    @Override
    public void install(ServletContext servletContext) {
        // Every simulated client comes from the load generator's one address: the per-address limits, which hold
        // one greedy client to its share, would pace the whole benchmark instead.
        RealtimeConfig.Builder config = RealtimeConfig.builder()
                .maxPollsPerAddress(1_000_000)
                .maxTabsPerAddress(Integer.MAX_VALUE)
                .connectRate(1_000_000)
                .connectBurst(1_000_000);
        String redis = System.getProperty(REDIS);
        if (redis != null && !redis.isBlank()) {
            config.backplane(RedisBackplane.create(redis));
        }
        Realtime.start(servletContext, config.build(), List.of(Endpoints.class));
        context = servletContext;
        topics = Topics.from(servletContext);
    }

    @Override
    public void publish(String topic, Tick tick) {
        topics.<Tick>get(topic).publish(tick);
    }

    @Override
    public int subscribers() {
        RealtimeStats stats = Realtime.stats(context);
        return stats.subscriptions();
    }
}
