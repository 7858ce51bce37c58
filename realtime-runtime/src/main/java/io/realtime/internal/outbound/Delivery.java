package io.realtime.internal.outbound;

import io.realtime.Event;
import io.realtime.EventSink;
import io.realtime.internal.Json;
import io.realtime.internal.endpoint.Shape;
import io.realtime.internal.topic.TopicReader;
import io.realtime.internal.topic.TopicRegistry;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Connects what an endpoint method returned to a streaming connection, or to one subscription of a shared
 * connection, whatever its transport, and opens it. One per runtime; thread-safe.
 */
public final class Delivery {

    private final TopicRegistry topics;
    private final Json json;
    private final Executor workers;

    /**
     * @param topics the application's topics
     * @param json the application's mapper
     * @param workers where per-client {@code Stream}s and {@code Iterable}s are pulled
     */
    public Delivery(TopicRegistry topics, Json json, Executor workers) {
        this.topics = topics;
        this.json = json;
        this.workers = workers;
    }

    /**
     * The {@link EventSink} of a connection or subscription, for a method that takes one.
     *
     * @param feed the feed the sink sends on
     * @return the sink
     */
    public <T> EventSink<T> sink(Feed feed) {
        return new Sink<>(feed, json);
    }

    /**
     * Wires a method's result into a feed (a connection of its own, or a subscription of a shared one) and opens it.
     *
     * @param shape the method's shape
     * @param result what the method returned
     * @param feed the feed, not yet open
     * @param lastEventId the client's cursor, or {@code null}
     * @throws RuntimeException before the feed opened, so the caller can still answer with an error
     */
    public void start(Shape shape, Object result, Feed feed, String lastEventId) {
        switch (shape) {
            case TOPIC, CONNECTION -> {
                if (result != null || shape == Shape.TOPIC) {
                    follow(result, feed, lastEventId);
                }
                feed.open();
            }
            case PUBLISHER -> {
                Objects.requireNonNull(result, "the method returned null instead of a Flow.Publisher");
                feed.open();
                PublisherSource.start(result, feed, json);
            }
            case ITERATOR -> {
                Objects.requireNonNull(result, "the method returned null instead of a Stream or Iterable");
                feed.open();
                IteratorSource.start(result, feed, json, workers);
            }
            case SINK -> feed.open();
            case STAGE -> {
                Objects.requireNonNull(result, "the method returned null instead of a CompletionStage");
                feed.open();
                ((CompletionStage<?>) result).whenComplete((value, failure) -> {
                    if (failure == null && value != null) {
                        feed.offer(new Message(Event.DEFAULT_NAME, json.bytes(value)));
                    }
                    feed.close(failure == null ? Closing.END : Closing.FAILED);
                });
            }
            case VALUE -> {
                byte[] data = json.bytes(result);
                feed.open();
                feed.offer(new Message(Event.DEFAULT_NAME, data));
                feed.close(Closing.END);
            }
            default -> throw new IllegalStateException("A " + shape + " method does not stream");
        }
    }

    /**
     * Subscribes a feed to a topic or a run and positions it at the client's cursor; a feed that has read a run's
     * end closes.
     *
     * @param returned a topic or a run from the application's registry
     */
    private void follow(Object returned, Feed feed, String lastEventId) {
        if (returned == null) {
            throw new NullPointerException("the method returned null instead of a Topic or a Run");
        }
        TopicReader reader = feed.subscribe(topics, topics.sourceOf(returned));
        reader.whenFinished(() -> feed.close(Closing.RUN_ENDED));
        reader.position(lastEventId);
        feed.follow(reader);
    }
}
