package io.realtime.bench.server.naive;

import io.realtime.bench.Tick;
import io.realtime.bench.server.Rooms;
import io.realtime.bench.server.Variant;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;

/**
 * The job written by hand as common code does it, against the Servlet 6 and Jakarta WebSocket 2.1 APIs: correct
 * (non-blocking writes, one send in flight per WebSocket since Tomcat refuses concurrent sends, bounded per-client
 * queues, a long-poll that loses nothing between polls) but plain: the publishing thread offers each message to
 * every subscriber in turn, a stream writes and flushes each message on its own, the container's default response
 * buffer stays, and every poll builds its own answer. It has none of the library's other features: no resume of
 * streams, no heartbeats, no origin checks, no negotiation. {@code strong} is the same job written by an expert.
 */
public final class NaiveVariant implements Variant {

    /** Messages one client may have waiting; beyond it the client is dropped, as the library does. */
    static final int QUEUE_LIMIT = 1024;

    private final NaiveWebSockets sockets = new NaiveWebSockets();
    private final NaiveStreams streams = new NaiveStreams();
    private final NaivePolls polls = new NaivePolls();

    @Override
    public void install(ServletContext context) throws ServletException {
        ServletRegistration.Dynamic sse = context.addServlet("naive-sse", streams);
        sse.setAsyncSupported(true);
        sse.addMapping("/sse", "/sse/*");
        ServletRegistration.Dynamic poll = context.addServlet("naive-poll", polls);
        poll.setAsyncSupported(true);
        poll.addMapping("/poll", "/poll/*");
        Rooms.addSocketEndpoint(context, sockets);
    }

    @Override
    public void publish(String topic, Tick tick) {
        String json = tick.json();
        sockets.broadcast(topic, json);
        streams.broadcast(topic, json);
        polls.broadcast(topic, json);
    }

    @Override
    public int subscribers() {
        return sockets.size() + streams.size() + polls.waiting();
    }
}
