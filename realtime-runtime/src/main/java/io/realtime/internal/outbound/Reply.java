package io.realtime.internal.outbound;

/**
 * The answer to one message of a {@code @Duplex} client: the method's result, or an error (docs/protocol.md,
 * "WebSocket"). Over WebSocket it is queued on the connection like any frame; over the fallback it is the body of
 * the {@code POST} that carried the message.
 */
public sealed interface Reply extends Outgoing {

    /** @return the client's number for the message, or {@code null} when none could be read */
    Long ref();

    /**
     * A message's result: {@code {"ref":n,"data":...}}.
     *
     * @param ref the client's number for the message
     * @param data the result as JSON
     */
    record Data(Long ref, byte[] data) implements Reply {}

    /**
     * A message that failed or was refused: {@code {"ref":n,"error":{"code","message"}}}, without {@code ref}
     * when the message was unreadable before one was found, or when the connection itself was refused.
     *
     * @param ref the client's number for the message, or {@code null}
     * @param code the machine-readable code
     * @param message the human-readable message; never a secret or a stack trace
     * @param status the HTTP status of the failure, answered by a {@code POST} message without {@code ref}, whose
     *     reply is the whole response; not on the wire otherwise
     */
    @SuppressWarnings("JavaLangClash") // always written Reply.Error, as the wire's "error" beside Reply.Data's "data"
    record Error(Long ref, String code, String message, int status) implements Reply {}
}
