package io.realtime.internal.endpoint;

import java.security.Principal;
import java.util.Map;

/** What a transport knows when it calls an endpoint method; the method's arguments are drawn from it. */
public final class Call {

    private final Map<String, String> pathParameters;
    private final Principal principal;
    private Object sink;
    private Object connection;
    private Object message;

    public Call(Map<String, String> pathParameters, Principal principal) {
        this.pathParameters = pathParameters;
        this.principal = principal;
    }

    public Map<String, String> pathParameters() {
        return pathParameters;
    }

    public Principal principal() {
        return principal;
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
