package io.realtime.internal.endpoint;

import io.realtime.RealtimeSession;
import java.security.Principal;
import java.util.Map;

/** What a transport knows when it calls an endpoint method; the method's arguments are drawn from it. */
public final class Call {

    private final Map<String, String> pathParameters;
    private final RealtimeSession tab;
    private Object sink;
    private Object connection;
    private Object message;

    /** @param tab the tab on the other end of the request or connection, or {@code null} in tests that need none */
    public Call(Map<String, String> pathParameters, RealtimeSession tab) {
        this.pathParameters = pathParameters;
        this.tab = tab;
    }

    public Map<String, String> pathParameters() {
        return pathParameters;
    }

    /** @return the authenticated user, or {@code null} */
    public Principal principal() {
        return tab == null ? null : tab.user().orElse(null);
    }

    /** @return the tab on the other end, injected where a method takes a {@code RealtimeSession} */
    public RealtimeSession tab() {
        return tab;
    }

    public Object sink() {
        return sink;
    }

    public Call sink(Object value) {
        sink = value;
        return this;
    }

    public Object connection() {
        return connection;
    }

    public Call connection(Object value) {
        connection = value;
        return this;
    }

    public Object message() {
        return message;
    }

    public Call message(Object value) {
        message = value;
        return this;
    }
}
