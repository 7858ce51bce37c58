package io.realtime.internal.topic;

import io.realtime.spi.StoredEvent;
import java.util.function.Function;

/**
 * An event in a topic's window. Its data was serialised once by the publisher; each transport's frame is
 * built from it at most once (a benign race may build it twice, identically) and shared by every subscriber.
 */
public final class LogEvent {

    private final StoredEvent stored;
    private final String cursor;
    private volatile byte[] sse;
    private volatile byte[] json;
    private volatile String jsonText;

    LogEvent(StoredEvent stored) {
        this.stored = stored;
        this.cursor = stored.epoch() + ':' + stored.offset();
    }

    /** @return the event's cursor, {@code <epoch>:<offset>} */
    public String cursor() {
        return cursor;
    }

    /** @return the offset */
    public long offset() {
        return stored.offset();
    }

    /** @return the epoch */
    public String epoch() {
        return stored.epoch();
    }

    /** @return the event name */
    public String name() {
        return stored.name();
    }

    /** @return the data as JSON; shared, never modify it */
    public byte[] data() {
        return stored.data();
    }

    /** @return when the event was stored, in epoch milliseconds */
    public long timestamp() {
        return stored.timestamp();
    }

    /**
     * The event as a Server-Sent Events frame.
     *
     * @param encoder builds the frame the first time
     * @return the shared frame bytes
     */
    public byte[] sse(Function<LogEvent, byte[]> encoder) {
        byte[] frame = sse;
        if (frame == null) {
            sse = frame = encoder.apply(this);
        }
        return frame;
    }

    /**
     * The event as a JSON object {@code {"id","event","data"}}, as long-poll batches carry it.
     *
     * @param encoder builds the bytes the first time
     * @return the shared bytes
     */
    public byte[] json(Function<LogEvent, byte[]> encoder) {
        byte[] frame = json;
        if (frame == null) {
            json = frame = encoder.apply(this);
        }
        return frame;
    }

    /**
     * The same JSON object as text, as WebSocket text frames carry it.
     *
     * @param encoder builds the text the first time
     * @return the shared text
     */
    public String jsonText(Function<LogEvent, String> encoder) {
        String frame = jsonText;
        if (frame == null) {
            jsonText = frame = encoder.apply(this);
        }
        return frame;
    }

    @Override
    public String toString() {
        return "LogEvent[" + cursor + ' ' + name() + ']';
    }
}
