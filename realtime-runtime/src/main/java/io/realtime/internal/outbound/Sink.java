package io.realtime.internal.outbound;

import io.realtime.Event;
import io.realtime.EventSink;
import io.realtime.internal.Json;
import java.util.Objects;

/** The {@link EventSink} of one connection. The first send opens the stream if the method has not returned. */
final class Sink<T> implements EventSink<T> {

    private final Outbound outbound;
    private final Json json;

    Sink(Outbound outbound, Json json) {
        this.outbound = outbound;
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
        outbound.open();
        return outbound.isOpen() && outbound.offer(new Message(event, json.bytes(data)));
    }

    @Override
    public boolean isOpen() {
        return !outbound.isClosed();
    }

    @Override
    public void onClose(Runnable callback) {
        outbound.onClose(Objects.requireNonNull(callback, "callback"));
    }

    @Override
    public void close() {
        outbound.close(Closing.END);
    }
}
