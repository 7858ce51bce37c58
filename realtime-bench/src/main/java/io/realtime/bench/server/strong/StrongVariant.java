package io.realtime.bench.server.strong;

import io.realtime.bench.Tick;
import io.realtime.bench.server.Rooms;
import io.realtime.bench.server.Variant;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The job written by an expert against the portable Servlet 6 and Jakarta WebSocket 2.1 APIs, as strong as
 * hand-written code gets without the library's other features:
 * <ul>
 *   <li>each message is encoded once per transport into its topic's shared {@link Ring}; a publish appends and
 *       signals, and never writes;
 *   <li>each connection has a single writer on a pool of as many threads as cores, with non-blocking I/O: a
 *       stream writes its whole backlog in one bounded write (64 KiB) and flushes once, through a small response
 *       buffer; a WebSocket has one message in flight and sends what is pending back to back; a connection that
 *       falls out of the ring is closed, and its client resumes from its last id;
 *   <li>every poll waiting at the head gets the one pre-encoded answer of the publish, written on a container
 *       thread after {@code dispatch()}, and one coarse timer (a sweep each second) ends holds after 25 s and
 *       sends heartbeat comments on silent streams.
 * </ul>
 * Clients resume by cursor on every transport ({@code Last-Event-ID} or {@code lastEventId}, {@code cursor}).
 * It has no identity, origin checks, limits per client, epochs or explicit resets.
 */
public final class StrongVariant implements Variant {

    private static final long HOLD_NANOS = TimeUnit.SECONDS.toNanos(25);
    private static final long HEARTBEAT_NANOS = TimeUnit.SECONDS.toNanos(15);

    private final Channels channels = new Channels();
    private final ExecutorService writers =
            Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), daemons("strong-writer-"));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemons("strong-timer"));
    private final StrongStreams streams = new StrongStreams(channels, writers);

    @Override
    public void install(ServletContext context) throws ServletException {
        ServletRegistration.Dynamic sse = context.addServlet("strong-sse", streams);
        sse.setAsyncSupported(true);
        sse.addMapping("/sse", "/sse/*");
        ServletRegistration.Dynamic poll = context.addServlet("strong-poll", new StrongPolls(channels));
        poll.setAsyncSupported(true);
        poll.addMapping("/poll", "/poll/*");
        Rooms.addSocketEndpoint(context, new StrongSockets(channels, writers));
        timer.scheduleAtFixedRate(this::sweep, 1, 1, TimeUnit.SECONDS);
        context.addListener(new ServletContextListener() {
            @Override
            public void contextDestroyed(ServletContextEvent event) {
                timer.shutdownNow();
                writers.shutdownNow();
            }
        });
    }

    @Override
    public void publish(String topic, Tick tick) {
        channels.of(topic).publish(tick.json());
    }

    @Override
    public int subscribers() {
        return channels.subscribers();
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Channel channel : channels.all()) {
            channel.expire(now, HOLD_NANOS);
        }
        streams.heartbeat(now, HEARTBEAT_NANOS);
    }

    private static java.util.concurrent.ThreadFactory daemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix.endsWith("-") ? prefix + count.incrementAndGet() : prefix);
            thread.setDaemon(true);
            return thread;
        };
    }
}
