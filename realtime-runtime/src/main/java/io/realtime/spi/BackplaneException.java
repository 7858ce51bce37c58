package io.realtime.spi;

import io.realtime.RealtimeException;

/** A backplane could not store or deliver an event. Publishers see it; clients get {@code 503}. */
public class BackplaneException extends RealtimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, without secrets: it may reach logs
     * @param cause the cause, or {@code null}
     */
    public BackplaneException(String message, Throwable cause) {
        super(503, "backplane_unavailable", message, cause);
    }
}
