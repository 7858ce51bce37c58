package io.realtime.bench.server.library;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.Push;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.Topics;
import io.realtime.bench.Tick;
import io.realtime.bench.server.Variant;
import io.realtime.runtime.Realtime;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.runtime.RealtimeStats;
import jakarta.servlet.ServletContext;
import java.util.List;

/**
 * This library: one topic, served as {@code @Duplex} (WebSocket), {@code @Stream} (Server-Sent Events) and
 * {@code @Push} (long-poll), with the default settings except the per-address poll limit, which would refuse
 * the load generator's thousands of polls from a handful of loopback addresses.
 */
public final class LibraryVariant implements Variant {

    private static final String TOPIC = "bench";

    private volatile ServletContext context;
    private volatile Topic<Tick> topic;

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
            return topics.get(TOPIC);
        }

        /**
         * The Server-Sent Events endpoint.
         *
         * @return the topic
         */
        @Stream("/sse")
        public Topic<Tick> sse() {
            return topics.get(TOPIC);
        }

        /**
         * The long-poll endpoint.
         *
         * @return the topic
         */
        @Push("/poll")
        public Topic<Tick> poll() {
            return topics.get(TOPIC);
        }
    }

    @Override
    public void install(ServletContext servletContext) {
        RealtimeConfig config =
                RealtimeConfig.builder().maxPollsPerAddress(1_000_000).build();
        Realtime.start(servletContext, config, List.of(Endpoints.class));
        context = servletContext;
        topic = Topics.from(servletContext).get(TOPIC);
    }

    @Override
    public void publish(Tick tick) {
        topic.publish(tick);
    }

    @Override
    public int subscribers() {
        RealtimeStats stats = Realtime.stats(context);
        return stats.subscriptions();
    }
}
