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
 * The message parameter {@code M} is the one parameter that is not injectable: any type receives the JSON
 * {@code data} of the envelope {@code {"ref":n,"data":...}}, decoded by Jackson; a {@code String} receives a
 * text frame as is and a {@code byte[]} a binary frame. Such raw frames carry no {@code ref} to reply to, so
 * their methods return {@code void}. {@code params} are any of {@code @PathParam} values,
 * {@link RealtimeSession} and {@link java.security.Principal} (as for {@link Stream}).
 *
 * <p>Threading: methods run on the runtime's worker executor, never on a container I/O thread, and may
 * block; messages of one connection are handled one at a time, in order (a returned {@code CompletionStage}
 * frees the connection for its next message at once). A method that throws answers that message with an
 * error reply and keeps the connection open.
 *
 * <p>Limits: a message larger than the configured size (64 KiB by default) closes a WebSocket with
 * {@code 1009}; messages waiting to be handled are bounded per connection, and one beyond the bound is
 * answered with an {@code overloaded} error. The wire format is in the project's {@code docs/protocol.md}.
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
