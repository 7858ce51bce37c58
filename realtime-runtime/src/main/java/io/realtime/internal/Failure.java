package io.realtime.internal;

import io.realtime.RealtimeException;
import java.lang.System.Logger.Level;

/**
 * What the client is told when something fails: a {@link RealtimeException} speaks for itself; anything else
 * is logged here and reported as a bare {@code 500 internal}, so stack traces never reach the wire.
 *
 * @param status the HTTP status
 * @param code the machine-readable code
 * @param message the human-readable message
 */
public record Failure(int status, String code, String message) {

    private static final System.Logger LOG = System.getLogger(Failure.class.getName());

    /**
     * Describes a failure for the client.
     *
     * @param failure what was thrown
     * @param context what was being done, for the log, such as the endpoint's description
     * @return the description
     */
    public static Failure of(Throwable failure, Object context) {
        if (failure instanceof RealtimeException known) {
            return new Failure(known.status(), known.code(), String.valueOf(known.getMessage()));
        }
        LOG.log(Level.WARNING, "Unexpected failure in " + context, failure);
        return new Failure(500, "internal", "The server failed to handle the request");
    }
}
