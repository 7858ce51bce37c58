package io.realtime.internal.outbound;

/**
 * The answer to one message of a {@code @Duplex} client: the method's result, or an error (docs/protocol.md,
 * "WebSocket"). Over WebSocket it is queued on the connection like any frame; over the fallback it is the body of
 * the {@code POST} that carried the message.
 */
public sealed interface Reply extends Outgoing {

    /** @return the client's number for the message, or {@code null} when none could be read */
    Long ref();

    @Override
    Reply withSub(String subscription);

    /**
     * A message's result: {@code {"ref":n,"data":...}}.
     *
     * @param sub the subscription of a shared connection the message went to, or {@code null}
     * @param ref the client's number for the message
     * @param data the result as JSON
     */
    record Data(String sub, Long ref, byte[] data) implements Reply {

        public Data(Long ref, byte[] data) {
            this(null, ref, data);
        }

        @Override
        public Data withSub(String subscription) {
            return new Data(subscription, ref, data);
        }
    }

    /**
     * A message that failed or was refused: {@code {"ref":n,"error":{"code","message"}}}, without {@code ref}
     * when the message was unreadable before one was found, or when the connection itself was refused.
     *
     * @param sub the subscription of a shared connection the message went to, or {@code null}
     * @param ref the client's number for the message, or {@code null}
     * @param code the machine-readable code
     * @param message the human-readable message; never a secret or a stack trace
     * @param status the HTTP status of the failure, answered by a {@code POST} message without {@code ref}, whose
     *     reply is the whole response; not on the wire otherwise
     */
    @SuppressWarnings("JavaLangClash") // always written Reply.Error, as the wire's "error" beside Reply.Data's "data"
    record Error(String sub, Long ref, String code, String message, int status) implements Reply {

        public Error(Long ref, String code, String message, int status) {
            this(null, ref, code, message, status);
        }

        @Override
        public Error withSub(String subscription) {
            return new Error(subscription, ref, code, message, status);
        }
    }
}
