package io.realtime.bench.server.raw;

import io.realtime.bench.Tick;
import io.realtime.bench.server.Variant;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * The same job written by hand against the Servlet 6 and Jakarta WebSocket 2.1 APIs, as small as correct code
 * allows: non-blocking writes, one send in flight per WebSocket (Tomcat refuses concurrent sends), bounded
 * per-client queues, and a long-poll that loses nothing between polls. It has none of the library's other
 * features: no resume of streams, no heartbeats, no origin checks, no negotiation.
 */
public final class RawVariant implements Variant {

    /** Messages one client may have waiting; beyond it the client is dropped, as the library does. */
    static final int QUEUE_LIMIT = 1024;

    private final RawWebSockets sockets = new RawWebSockets();
    private final RawStreams streams = new RawStreams();
    private final RawPolls polls = new RawPolls();

    @Override
    public void install(ServletContext context) throws ServletException {
        ServletRegistration.Dynamic sse = context.addServlet("raw-sse", streams);
        sse.setAsyncSupported(true);
        sse.addMapping("/sse");
        ServletRegistration.Dynamic poll = context.addServlet("raw-poll", polls);
        poll.setAsyncSupported(true);
        poll.addMapping("/poll");
        ServerContainer container = (ServerContainer) context.getAttribute(ServerContainer.class.getName());
        try {
            container.addEndpoint(ServerEndpointConfig.Builder.create(RawWebSockets.class, "/ws")
                    .configurator(new ServerEndpointConfig.Configurator() {
                        @Override
                        public <T> T getEndpointInstance(Class<T> type) {
                            return type.cast(sockets);
                        }
                    })
                    .build());
        } catch (DeploymentException e) {
            throw new ServletException(e);
        }
    }

    @Override
    public void publish(Tick tick) {
        String json = tick.json();
        sockets.broadcast(json);
        streams.broadcast(json);
        polls.broadcast(json);
    }

    @Override
    public int subscribers() {
        return sockets.size() + streams.size() + polls.waiting();
    }
}
