package io.realtime.bench.server.strong;

import io.realtime.bench.server.Rooms;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Executor;

/**
 * Server-Sent Events: each stream is a {@link StreamWriter} following its topic's ring from the client's
 * {@code Last-Event-ID} (or {@code lastEventId} parameter), or from now.
 */
final class StrongStreams extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /**
     * The response buffer: small, since a stream that is behind writes its backlog in one write that bypasses it,
     * and a container keeps it for every open stream.
     */
    static final int BUFFER = 2048;

    private final transient Channels channels;
    private final transient Executor writers;

    StrongStreams(Channels channels, Executor writers) {
        this.channels = channels;
        this.writers = writers;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Channel channel = channels.of(Rooms.of(request.getPathInfo()));
        response.setBufferSize(BUFFER);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        String last = request.getHeader("Last-Event-ID");
        long after = channel.ring.resume(StrongPolls.cursor(last != null ? last : request.getParameter("lastEventId")));
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        StreamWriter writer = new StreamWriter(channel, async, response.getOutputStream(), after + 1, writers);
        async.addListener(writer);
        channel.followers.add(writer);
        writer.start();
    }

    /** Marks every stream silent for {@code idleNanos} for a heartbeat comment. */
    void heartbeat(long now, long idleNanos) {
        for (Channel channel : channels.all()) {
            for (Channel.Follower follower : channel.followers) {
                if (follower instanceof StreamWriter writer) {
                    writer.heartbeatIfSilent(now, idleNanos);
                }
            }
        }
    }
}
