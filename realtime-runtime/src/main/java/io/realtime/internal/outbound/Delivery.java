package io.realtime.internal.outbound;

import io.realtime.Event;
import io.realtime.EventSink;
import io.realtime.Topic;
import io.realtime.internal.Json;
import io.realtime.internal.endpoint.Shape;
import io.realtime.internal.topic.TopicReader;
import io.realtime.internal.topic.TopicRegistry;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Connects what an endpoint method returned to a streaming connection, whatever its transport, and opens it.
 * One per runtime; thread-safe.
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
     * The {@link EventSink} of a connection, for a method that takes one.
     *
     * @param connection the connection the sink sends on
     * @return the sink
     */
    public <T> EventSink<T> sink(Outbound connection) {
        return new Sink<>(connection, json);
    }

    /**
     * Wires a method's result into a connection and opens it.
     *
     * @param shape the method's shape
     * @param result what the method returned
     * @param connection the connection, not yet open
     * @param lastEventId the client's cursor, or {@code null}
     * @throws RuntimeException before the connection opened, so the caller can still answer with an error
     */
    public void start(Shape shape, Object result, Outbound connection, String lastEventId) {
        switch (shape) {
            case TOPIC, CONNECTION -> {
                if (result != null || shape == Shape.TOPIC) {
                    follow((Topic<?>) result, connection, lastEventId);
                }
                connection.open();
            }
            case PUBLISHER -> {
                Objects.requireNonNull(result, "the method returned null instead of a Flow.Publisher");
                connection.open();
                PublisherSource.start(result, connection, json);
            }
            case ITERATOR -> {
                Objects.requireNonNull(result, "the method returned null instead of a Stream or Iterable");
                connection.open();
                IteratorSource.start(result, connection, json, workers);
            }
            case SINK -> connection.open();
            case STAGE -> {
                Objects.requireNonNull(result, "the method returned null instead of a CompletionStage");
                connection.open();
                ((CompletionStage<?>) result).whenComplete((value, failure) -> {
                    if (failure == null && value != null) {
                        connection.offer(new Message(Event.DEFAULT_NAME, json.bytes(value)));
                    }
                    connection.close(failure == null ? Closing.END : Closing.FAILED);
                });
            }
            case VALUE -> {
                byte[] data = json.bytes(result);
                connection.open();
                connection.offer(new Message(Event.DEFAULT_NAME, data));
                connection.close(Closing.END);
            }
            default -> throw new IllegalStateException("A " + shape + " method does not stream");
        }
    }

    /**
     * Subscribes a connection to a topic and positions it at the client's cursor.
     *
     * @param topic a topic from the application's registry
     */
    private void follow(Topic<?> topic, Outbound connection, String lastEventId) {
        if (topic == null) {
            throw new NullPointerException("the method returned null instead of a Topic");
        }
        TopicReader reader = connection.subscribe(topics, topics.nameOf(topic));
        reader.position(lastEventId);
        connection.follow(reader);
    }
}
