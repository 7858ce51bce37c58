package io.realtime;

/**
 * The one unchecked exception type of the library. Application methods throw it to refuse a request with
 * a given status; the client receives the status and a JSON body {@code {"error":{"code":...,
 * "message":...}}} (over WebSocket, an error reply). The message goes to the client: keep secrets out.
 */
public class RealtimeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The HTTP status the client is answered with. */
    private final int status;

    /** The machine-readable error code, such as {@code bad_request}. */
    private final String code;

    /**
     * Creates an exception; subclasses name more specific failures.
     *
     * @param status the HTTP status the client receives
     * @param code a short machine-readable code, such as {@code forbidden}
     * @param message a human-readable message, sent to the client
     * @param cause the cause, or {@code null}
     */
    protected RealtimeException(int status, String code, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
    }

    /**
     * Refuses with {@code 400 bad_request}.
     *
     * @param message sent to the client
     * @return the exception, to throw
     */
    public static RealtimeException badRequest(String message) {
        return new RealtimeException(400, "bad_request", message, null);
    }

    /**
     * Refuses with {@code 403 forbidden}.
     *
     * @param message sent to the client
     * @return the exception, to throw
     */
    public static RealtimeException forbidden(String message) {
        return new RealtimeException(403, "forbidden", message, null);
    }

    /**
     * Refuses with {@code 404 not_found}.
     *
     * @param message sent to the client
     * @return the exception, to throw
     */
    public static RealtimeException notFound(String message) {
        return new RealtimeException(404, "not_found", message, null);
    }

    /**
     * Refuses with any status and code.
     *
     * @param status an HTTP status from 400 to 599
     * @param code a short machine-readable code
     * @param message sent to the client
     * @return the exception, to throw
     */
    public static RealtimeException of(int status, String code, String message) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be 400 to 599, was " + status);
        }
        return new RealtimeException(status, code, message, null);
    }

    /**
     * The HTTP status the client receives.
     *
     * @return the status
     */
    public int status() {
        return status;
    }

    /**
     * The machine-readable error code the client receives.
     *
     * @return the code
     */
    public String code() {
        return code;
    }
}
