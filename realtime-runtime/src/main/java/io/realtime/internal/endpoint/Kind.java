package io.realtime.internal.endpoint;

import io.realtime.Duplex;
import io.realtime.Push;
import io.realtime.Stream;
import io.realtime.internal.Transport;
import java.lang.annotation.Annotation;
import java.util.List;

/** The three kinds of endpoint, one per annotation. */
public enum Kind {
    PUSH(Push.class, List.of(Transport.POLL, Transport.SSE)),
    STREAM(Stream.class, List.of(Transport.SSE, Transport.POLL)),
    // Long-poll is not yet a @Duplex downstream: negotiation must not offer it (docs/protocol.md, "Duplex fallback").
    DUPLEX(Duplex.class, List.of(Transport.WEBSOCKET, Transport.SSE));

    private final Class<? extends Annotation> annotation;
    private final List<Transport> transports;

    Kind(Class<? extends Annotation> annotation, List<Transport> transports) {
        this.annotation = annotation;
        this.transports = transports;
    }

    public Class<? extends Annotation> annotation() {
        return annotation;
    }

    /** @return the transports that serve this kind, the preferred one first (docs/protocol.md, "Negotiation") */
    public List<Transport> transports() {
        return transports;
    }

    /** @return the name used on the wire: {@code push}, {@code stream} or {@code duplex} */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** @return {@code @Push}, {@code @Stream} or {@code @Duplex}, for messages */
    public String display() {
        return '@' + annotation.getSimpleName();
    }
}
