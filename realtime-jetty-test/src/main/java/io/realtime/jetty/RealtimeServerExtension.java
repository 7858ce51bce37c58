package io.realtime.jetty;

import io.realtime.testing.ServerExtension;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Starts a {@link RealtimeServer} before a test class and stops it after:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RealtimeServerExtension server = RealtimeServerExtension.of(Market.class);
 *
 * @Test
 * void pricesFlow() {
 *     try (SseRecorder prices = server.get().sse("/prices/ACME")) { ... }
 * }
 * }</pre>
 */
public final class RealtimeServerExtension extends ServerExtension<RealtimeServer> {

    private RealtimeServerExtension(Supplier<RealtimeServer> starter) {
        super(starter);
    }

    /**
     * A server with these services and default settings.
     *
     * @param services endpoint classes or instances
     * @return the extension, to register with {@code @RegisterExtension}
     */
    public static RealtimeServerExtension of(Object... services) {
        return new RealtimeServerExtension(() -> RealtimeServer.start(services));
    }

    /**
     * A server from a configured builder.
     *
     * @param builder the builder; started before the tests
     * @return the extension, to register with {@code @RegisterExtension}
     */
    public static RealtimeServerExtension of(RealtimeServer.Builder builder) {
        Objects.requireNonNull(builder, "builder");
        return new RealtimeServerExtension(builder::start);
    }
}
