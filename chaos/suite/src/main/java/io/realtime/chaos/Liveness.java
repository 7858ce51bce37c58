package io.realtime.chaos;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Notices, for a JDK WebSocket, what a browser notices by itself: that the server has closed the connection. The
 * JDK client does not always: when the server closes the TCP connection while frames are arriving, some of its
 * sockets never report it (no {@code onClose}, no {@code onError}; the socket stays in CLOSE-WAIT) and read nothing
 * more, even after a send on them has failed ({@code DeafWebSocketTest} shows it). A chaos client that stayed deaf
 * would look like a server that loses events.
 *
 * <p>So the client pings every {@link #PING_EVERY}: a ping that fails, or a connection heard from by no frame and no
 * pong for {@link #SILENCE}, is dead; the owner is told once, and aborts it. The silence is not counted while the
 * owner deliberately reads nothing (a paused slow consumer), since the JDK then delivers no pong either.
 *
 * <p>Threading: {@link #heard()} from the listener's thread, the checks on the clients' scheduler. Never blocks.
 */
final class Liveness {

    static final Duration PING_EVERY = Duration.ofSeconds(1);

    /** Long enough for a loaded node to answer a ping; a connection thought dead by mistake is only resumed. */
    static final Duration SILENCE = Duration.ofSeconds(10);

    private static final ByteBuffer NO_DATA = ByteBuffer.allocate(0);

    private final WebSocket socket;
    private final BooleanSupplier reading;
    private final Consumer<String> dead;
    private final AtomicBoolean over = new AtomicBoolean();
    private final ScheduledFuture<?> pings;
    private volatile long heardNanos = System.nanoTime();

    /**
     * Starts watching {@code socket}.
     *
     * @param reading whether the owner reads now; silence while it does not is not counted
     * @param dead told once, with what showed the connection dead, unless {@link #stop()} came first
     */
    Liveness(WebSocket socket, ScheduledExecutorService scheduler, BooleanSupplier reading, Consumer<String> dead) {
        this.socket = socket;
        this.reading = reading;
        this.dead = dead;
        long every = PING_EVERY.toMillis();
        this.pings = scheduler.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
    }

    /** The connection delivered something: a frame, a ping or a pong. */
    void heard() {
        heardNanos = System.nanoTime();
    }

    /** Stops watching: the connection ended otherwise. Idempotent. */
    void stop() {
        if (over.compareAndSet(false, true)) {
            pings.cancel(false);
        }
    }

    private void check() {
        if (over.get()) {
            return;
        }
        long now = System.nanoTime();
        if (!reading.getAsBoolean()) {
            heardNanos = now;
        } else if (now - heardNanos >= SILENCE.toNanos()) {
            declare("silent");
            return;
        }
        socket.sendPing(NO_DATA).whenComplete((sent, failure) -> {
            if (failure != null && !stillPending(failure)) {
                declare("ping failed");
            }
        });
    }

    /**
     * Whether a ping was refused only because the previous one has not gone out yet (the JDK allows one at a time):
     * the next check tries again, and the silence still counts.
     */
    private static boolean stillPending(Throwable failure) {
        Throwable cause = failure instanceof CompletionException wrapped ? wrapped.getCause() : failure;
        return cause instanceof IllegalStateException;
    }

    /**
     * A listener whose connection is watched: its pings and pongs count as heard. A subclass starts watching in
     * {@code onOpen}, reports each frame with {@link #heard()}, and stops watching when the connection ends.
     */
    abstract static class Watched implements WebSocket.Listener {
        private volatile Liveness liveness;

        /** Starts watching {@code socket}; see {@link Liveness#Liveness}. */
        final void watch(
                WebSocket socket, ScheduledExecutorService scheduler, BooleanSupplier reading, Consumer<String> dead) {
            liveness = new Liveness(socket, scheduler, reading, dead);
        }

        final void heard() {
            Liveness watching = liveness;
            if (watching != null) {
                watching.heard();
            }
        }

        final void stopWatching() {
            Liveness watching = liveness;
            if (watching != null) {
                watching.stop();
            }
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            heard();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            heard();
            webSocket.request(1);
            return null;
        }
    }

    private void declare(String why) {
        if (over.compareAndSet(false, true)) {
            pings.cancel(false);
            dead.accept(why);
        }
    }
}
