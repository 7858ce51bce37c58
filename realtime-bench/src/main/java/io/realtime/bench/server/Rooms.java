package io.realtime.bench.server;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * The topics every variant serves: the main topic at {@code /ws}, {@code /sse} and {@code /poll}, and numbered
 * rooms at {@code /ws/<n>}, {@code /sse/<n>} and {@code /poll/<n>}, for the scenario of many topics with few
 * subscribers each. A topic is named by a string: {@link #MAIN}, or the room's number.
 */
public final class Rooms {

    /** The name of the main topic. */
    public static final String MAIN = "main";

    private Rooms() {}

    /**
     * The topic a servlet request addresses, from its path info.
     *
     * @param pathInfo {@code null} or {@code /} for the main topic, {@code /17} for room 17
     * @return the topic's name
     */
    public static String of(String pathInfo) {
        if (pathInfo == null || pathInfo.length() <= 1) {
            return MAIN;
        }
        return pathInfo.substring(1);
    }

    /**
     * The topic a WebSocket session addresses, from its path parameters.
     *
     * @param session a session of an endpoint at {@code /ws} or {@code /ws/{room}}
     * @return the topic's name
     */
    public static String of(Session session) {
        String room = session.getPathParameters().get("room");
        return room == null ? MAIN : room;
    }

    /**
     * Adds one endpoint instance at {@code /ws} and {@code /ws/{room}}.
     *
     * @param context the starting application, whose WebSocket container is published
     * @param endpoint the instance every session uses
     * @throws ServletException if the container refuses it
     */
    public static void addSocketEndpoint(ServletContext context, Endpoint endpoint) throws ServletException {
        ServerContainer container = (ServerContainer) context.getAttribute(ServerContainer.class.getName());
        try {
            for (String path : new String[] {"/ws", "/ws/{room}"}) {
                container.addEndpoint(ServerEndpointConfig.Builder.create(endpoint.getClass(), path)
                        .configurator(new ServerEndpointConfig.Configurator() {
                            @Override
                            public <T> T getEndpointInstance(Class<T> type) {
                                return type.cast(endpoint);
                            }
                        })
                        .build());
            }
        } catch (DeploymentException e) {
            throw new ServletException(e);
        }
    }

    /**
     * The topic of room {@code index}.
     *
     * @param index 0, 1, 2...
     * @return its name
     */
    public static String room(int index) {
        return String.valueOf(index);
    }
}
