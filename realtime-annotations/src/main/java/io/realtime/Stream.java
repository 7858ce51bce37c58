package io.realtime;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Serves the annotated method as a Server-Sent Events stream at {@link #value()}; the same path also
 * answers long-poll requests ({@code ?transport=poll}) with the same cursors, for clients behind proxies
 * that break streaming.
 *
 * <p>Accepted signatures (anything else stops deployment with a message naming the method and the rule):
 * <pre>{@code
 * Topic<T>            m(params...)                  // subscribe to a shared topic; resumes from Last-Event-ID
 * Run<T>              m(params...)                  // follow a run from its start to its end; DELETE stops it
 * Flow.Publisher<T>   m(params...)                  // per-client stream; demand follows the client's reading speed
 * java.util.stream.Stream<T> m(params...)           // per-client stream, consumed lazily, closed when done
 * Iterable<T>         m(params...)                  // per-client stream (a List is a finite one)
 * void                m(EventSink<T> sink, params...) // imperative per-client sink
 * }</pre>
 * where {@code params} are any of {@code @PathParam} values ({@code String}, {@code int}, {@code long},
 * their wrappers, {@code boolean}, {@code UUID} or an enum), {@link RealtimeSession}, and
 * {@link java.security.Principal} (declaring it makes the endpoint require an authenticated request:
 * others get {@code 401}). Items of a per-client stream may be {@link Event}s to give them a name; other
 * items are sent as event {@code message}. A {@link RealtimeSession} is the browser tab's, the same on every
 * transport and reconnect of the tab.
 *
 * <p>Cardinality: one method per path. The path is relative to the web application's context path, starts
 * with a literal segment, and may hold {@code {name}} segments bound by {@link PathParam}.
 *
 * <p>Threading: the method is called once per connection, on the runtime's worker executor (a virtual
 * thread on Java 21 and later), never on a container I/O thread, so it may block. It is the place for
 * authorisation: throw {@link RealtimeException#forbidden(String)} to refuse. A method that throws before
 * anything was sent answers with an HTTP error and a JSON body; per-client streams that fail later end the
 * stream. Per-client streams are not resumable: a reconnecting client calls the method again. Over long-poll
 * a per-client stream lives in a session on the server, and the method is called once per session.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Stream {
    /**
     * The endpoint path, for example {@code "/prices/{symbol}"}.
     *
     * @return the context-relative path template
     */
    String value();
}
