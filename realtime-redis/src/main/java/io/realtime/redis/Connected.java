package io.realtime.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.api.sync.BaseRedisCommands;
import io.realtime.spi.Backplane;
import io.realtime.spi.BackplaneException;
import io.realtime.spi.StoredEvent;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A {@link RedisBackplane} while it is connected, from {@link Connector#connect} to {@link #close()}: the
 * connections, the threads, and the topics this node is attached to.
 */
final class Connected implements AutoCloseable {

    private final Link link;
    private final Notices notices;
    private final ScheduledExecutorService executor;
    private final Keys keys;
    private final Store store;
    private final RedisPresence presence;
    private final ControlLine control;
    private final RedisTabs tabs;
    private final ConcurrentMap<String, TopicFeed> feeds = new ConcurrentHashMap<>();

    Connected(Link link, ScheduledExecutorService executor, Keys keys, Store store, RedisPresence presence) {
        this.presence = presence;
        this.link = link;
        this.notices = link.notices();
        this.executor = executor;
        this.keys = keys;
        this.store = store;
        this.control = new ControlLine(link.scripts(), notices, keys);
        this.tabs = new RedisTabs(link.scripts(), keys);
        notices.listen(new Notices.Receiver() {
            @Override
            public void message(String channel, byte[] message) {
                if (control.offer(channel, message)) {
                    return;
                }
                TopicFeed feed = feed(channel);
                if (feed != null) {
                    Notice notice = Notice.parse(message);
                    feed.offer(notice == null ? TopicFeed.RESYNC : notice);
                }
            }

            @Override
            public void subscribed(String channel) {
                TopicFeed feed = feed(channel);
                if (feed != null) {
                    feed.subscribed();
                }
            }
        });
    }

    /**
     * See {@link RedisBackplane#attach}.
     *
     * @param retention a run's retention, or {@code null} for a topic's
     */
    Backplane.Attachment attach(String topic, Backplane.Retention retention, Backplane.Listener listener) {
        Store.Retained retained = retention == null ? store.topics() : store.retained(retention);
        TopicFeed feed = new TopicFeed(topic, listener, store, retained, executor, closed -> detach(topic, closed));
        if (feeds.putIfAbsent(topic, feed) != null) {
            throw new IllegalStateException("Topic '" + topic + "' is already attached");
        }
        try {
            notices.follow(keys.channel(topic));
            feed.start();
            return feed;
        } catch (RuntimeException e) {
            feed.close();
            throw e instanceof RedisException unreachable ? Store.failure("follow", topic, unreachable) : e;
        }
    }

    /** See {@link RedisBackplane#publish}. */
    StoredEvent publish(String topic, String name, byte[] data) {
        TopicFeed feed = feeds.get(topic); // a run is trimmed by its own retention, known from its attachment
        return store.publish(topic, name, data, feed == null ? store.topics() : feed.retained());
    }

    /** See {@link RedisBackplane#probe}. */
    void probe() {
        if (!link.commands().isOpen()) {
            throw new BackplaneException("Redis cannot be reached: the connection is down", null);
        }
        if (link.scripts() instanceof BaseRedisCommands<?, ?> commands) { // both clients' commands are
            try {
                commands.ping();
            } catch (RedisException unreachable) {
                throw new BackplaneException(
                        "Redis did not answer PING (" + unreachable.getClass().getSimpleName() + ")", unreachable);
            }
        }
    }

    /** @return presence across nodes, through these connections */
    RedisPresence presence() {
        return presence;
    }

    /** @return the control channel, through these connections */
    ControlLine control() {
        return control;
    }

    /** @return tab attributes, through these connections */
    RedisTabs tabs() {
        return tabs;
    }

    /** See {@link RedisBackplane#close}. */
    @Override
    public void close() {
        List.copyOf(feeds.values()).forEach(TopicFeed::close);
        executor.shutdownNow();
        link.close();
    }

    private void detach(String topic, TopicFeed feed) {
        feeds.remove(topic, feed);
        notices.unfollow(keys.channel(topic));
    }

    private TopicFeed feed(String channel) {
        String topic = keys.topicOf(channel);
        return topic == null ? null : feeds.get(topic);
    }
}
