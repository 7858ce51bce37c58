package io.realtime.internal;

import io.realtime.Topic;
import io.realtime.internal.endpoint.Shape;
import io.realtime.internal.outbound.Closing;
import io.realtime.internal.outbound.IteratorSource;
import io.realtime.internal.outbound.Message;
import io.realtime.internal.outbound.Outbound;
import io.realtime.internal.outbound.PublisherSource;
import io.realtime.internal.topic.TopicLog;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/** Connects what an endpoint method returned to a streaming connection, whatever its transport, and opens it. */
public final class Delivery {

    private Delivery() {}

    /**
     * Wires a method's result into a connection and opens it.
     *
     * @param runtime the runtime
     * @param shape the method's shape
     * @param result what the method returned
     * @param connection the connection, not yet open
     * @param lastEventId the client's cursor, or {@code null}
     * @throws RuntimeException before the connection opened, so the caller can still answer with an error
     */
    public static void start(
            RealtimeRuntime runtime, Shape shape, Object result, Outbound connection, String lastEventId) {
        switch (shape) {
            case TOPIC, CONNECTION -> {
                if (result != null || shape == Shape.TOPIC) {
                    follow(runtime, (Topic<?>) result, connection, lastEventId);
                }
                connection.open();
            }
            case PUBLISHER -> {
                Objects.requireNonNull(result, "the method returned null instead of a Flow.Publisher");
                connection.open();
                PublisherSource.start(result, connection, runtime.json());
            }
            case ITERATOR -> {
                Objects.requireNonNull(result, "the method returned null instead of a Stream or Iterable");
                connection.open();
                IteratorSource.start(result, connection, runtime.json(), runtime.workers());
            }
            case SINK -> connection.open();
            case STAGE -> {
                Objects.requireNonNull(result, "the method returned null instead of a CompletionStage");
                connection.open();
                ((CompletionStage<?>) result).whenComplete((value, failure) -> {
                    if (failure == null && value != null) {
                        connection.offer(new Message(
                                io.realtime.Event.DEFAULT_NAME, runtime.json().bytes(value)));
                    }
                    connection.close(failure == null ? Closing.END : Closing.FAILED);
                });
            }
            case VALUE -> {
                byte[] data = runtime.json().bytes(result);
                connection.open();
                connection.offer(new Message(io.realtime.Event.DEFAULT_NAME, data));
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
    public static void follow(RealtimeRuntime runtime, Topic<?> topic, Outbound connection, String lastEventId) {
        if (topic == null) {
            throw new NullPointerException("the method returned null instead of a Topic");
        }
        TopicLog log = runtime.topics().subscribe(runtime.topics().nameOf(topic), connection);
        connection.follow(log, log.resolve(lastEventId, System.currentTimeMillis()));
    }
}
