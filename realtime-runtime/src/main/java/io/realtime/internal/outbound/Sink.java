package io.realtime.internal.outbound;

import io.realtime.Event;
import io.realtime.EventSink;
import io.realtime.internal.Json;
import java.util.Objects;

/** The {@link EventSink} of one connection. The first send opens the stream if the method has not returned. */
final class Sink<T> implements EventSink<T> {

    private final Feed feed;
    private final Json json;

    Sink(Feed feed, Json json) {
        this.feed = feed;
        this.json = json;
    }

    @Override
    public boolean send(T data) {
        return queue(Event.DEFAULT_NAME, data);
    }

    @Override
    public boolean send(String event, T data) {
        return queue(Event.checkName(event), data);
    }

    private boolean queue(String event, T data) {
        Objects.requireNonNull(data, "data");
        feed.open();
        return feed.isOpen() && feed.offer(new Message(event, json.bytes(data)));
    }

    @Override
    public boolean isOpen() {
        return !feed.isClosed();
    }

    @Override
    public void onClose(Runnable callback) {
        feed.onClose(Objects.requireNonNull(callback, "callback"));
    }

    @Override
    public void close() {
        feed.close(Closing.END);
    }
}
