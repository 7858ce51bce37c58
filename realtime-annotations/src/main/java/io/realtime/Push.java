package io.realtime;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Serves the annotated method over servlet-async long-poll at {@link #value()}: {@code GET
 * <path>?cursor=<c>&timeout=<s>} is held until something lies after the cursor, then answered with a batch
 * of events and the next cursor. The same path also answers Server-Sent Events requests.
 *
 * <p>Accepted signatures (anything else stops deployment with a message naming the method and the rule):
 * <pre>{@code
 * Topic<T>              m(params...)  // cursor-based: every event after the client's cursor, nothing lost
 * Run<T>                m(params...)  // a topic with an end, read from its start; DELETE stops it
 * CompletionStage<T>    m(params...)  // one held request, answered when the stage completes, 204 on timeout
 * T                     m(params...)  // short poll: the current value, with ETag and If-None-Match (304)
 * }</pre>
 * where {@code T} is any Jackson-serialisable type other than the ones above, {@code void},
 * {@code Flow.Publisher} or {@code java.util.stream.Stream}, and {@code params} are any of
 * {@code @PathParam} values, {@link RealtimeSession} and {@link java.security.Principal} (as for
 * {@link Stream}).
 *
 * <p>Cardinality: one method per path; the path rules are those of {@link Stream}.
 *
 * <p>Threading: the method is called once per request on the runtime's worker executor, never on a
 * container I/O thread, and may block. No thread is held while a request waits.
 *
 * <p>Limits: a waiting request registers a callback on the returned {@code CompletionStage}, and a stage
 * offers no way to remove one; a stage shared between requests should complete, or each request should get a
 * stage of its own. A stage is never cancelled by the runtime.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Push {
    /**
     * The endpoint path, for example {@code "/jobs/{id}"}.
     *
     * @return the context-relative path template
     */
    String value();
}
