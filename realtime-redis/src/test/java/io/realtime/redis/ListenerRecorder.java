package io.realtime.redis;

import io.realtime.spi.Backplane;
import io.realtime.spi.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Records what a backplane hands a listener, as the runtime's topic log would receive it, and fails on callbacks
 * that overlap (the SPI forbids concurrent callbacks for one topic) or on anything unexpected.
 */
final class ListenerRecorder implements Backplane.Listener {

    /** A callback: a reset ({@code data} null, {@code offset} the head) or an event. */
    record Call(String epoch, long offset, String data) {
        boolean isReset() {
            return data == null;
        }

        @Override
        public String toString() {
            return isReset() ? "reset " + epoch + ':' + offset : epoch + ':' + offset + ' ' + data;
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    private final AtomicBoolean inside = new AtomicBoolean();
    private volatile String overlap;

    @Override
    public void onEvent(StoredEvent event) {
        enter();
        calls.add(new Call(event.epoch(), event.offset(), new String(event.data(), StandardCharsets.UTF_8)));
        inside.set(false);
    }

    @Override
    public void onReset(String epoch, long head) {
        enter();
        calls.add(new Call(epoch, head, null));
        inside.set(false);
    }

    Call next() {
        try {
            Call call = calls.poll(WAIT.toNanos(), TimeUnit.NANOSECONDS);
            if (call == null) {
                throw new AssertionError("No callback within " + WAIT);
            }
            if (overlap != null) {
                throw new AssertionError(overlap);
            }
            return call;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    List<Call> next(int count) {
        List<Call> result = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            try {
                result.add(next());
            } catch (AssertionError e) {
                throw new AssertionError("After " + i + " of " + count + " callbacks: " + result, e);
            }
        }
        return result;
    }

    void assertNothingMore(Duration quiet) {
        try {
            Call call = calls.poll(quiet.toNanos(), TimeUnit.NANOSECONDS);
            if (call != null) {
                throw new AssertionError("Expected no more callbacks, got " + call);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void enter() {
        if (!inside.compareAndSet(false, true)) {
            overlap = "Two callbacks ran at once on " + Thread.currentThread().getName();
        }
    }
}
