package io.realtime;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Serves the annotated method as a Jakarta WebSocket endpoint at {@link #value()}. When a WebSocket cannot
 * be established, the same path works with Server-Sent Events or long-poll downstream and {@code POST}
 * upstream, carrying the same message envelope.
 *
 * <p>Two kinds of method may share one path (at most one of each):
 * <pre>{@code
 * // a message method: called once per inbound message, in arrival order per connection
 * R                   m(M message, params...)   // the return value is the reply to that message
 * CompletionStage<R>  m(M message, params...)   // the reply is sent when the stage completes
 * void                m(M message, params...)   // no reply
 *
 * // a connection method: called once per connection when it opens
 * Topic<T>            m(Connection<T> connection, params...)  // the connection is subscribed to the topic
 * void                m(Connection<T> connection, params...)
 * }</pre>
 * The message parameter {@code M} is the one parameter that is not injectable: a {@code String} receives a
 * text frame as is, a {@code byte[]} a binary frame, any other type the JSON {@code data} of the envelope
 * decoded by Jackson. {@code params} are any of {@code @PathParam} values, {@link RealtimeSession} and
 * {@link java.security.Principal} (as for {@link Stream}).
 *
 * <p>Threading: methods run on the runtime's worker executor, never on a container I/O thread, and may
 * block; messages of one connection are handled one at a time, in order. A method that throws answers
 * that message with an error reply and keeps the connection open.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Duplex {
    /**
     * The endpoint path, for example {@code "/chat/{room}"}.
     *
     * @return the context-relative path template
     */
    String value();
}
