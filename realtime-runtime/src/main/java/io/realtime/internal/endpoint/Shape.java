package io.realtime.internal.endpoint;

/** What an endpoint method's signature asks the runtime to do with its result. */
public enum Shape {
    /** Returns a Topic: the client follows it with cursors. */
    TOPIC,
    /** Returns a Flow.Publisher: a per-client stream with demand. */
    PUBLISHER,
    /** Returns a java.util.stream.Stream or an Iterable: a per-client stream pulled lazily. */
    ITERATOR,
    /** Void with an EventSink parameter. */
    SINK,
    /** {@code @Push} returning a CompletionStage: one held request. */
    STAGE,
    /** {@code @Push} returning a plain value: a short poll with ETag. */
    VALUE,
    /** {@code @Duplex} with a message parameter: called per inbound message. */
    MESSAGE,
    /** {@code @Duplex} with a Connection parameter: called once per connection. */
    CONNECTION
}
