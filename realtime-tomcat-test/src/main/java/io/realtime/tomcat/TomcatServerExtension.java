package io.realtime.tomcat;

import io.realtime.testing.ServerExtension;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Starts a {@link TomcatServer} before a test class and stops it after:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TomcatServerExtension server = TomcatServerExtension.of(Market.class);
 *
 * @Test
 * void pricesFlow() {
 *     try (SseRecorder prices = server.get().sse("/prices/ACME")) { ... }
 * }
 * }</pre>
 */
public final class TomcatServerExtension extends ServerExtension<TomcatServer> {

    private TomcatServerExtension(Supplier<TomcatServer> starter) {
        super(starter);
    }

    /**
     * A server with these services and default settings.
     *
     * @param services endpoint classes or instances
     * @return the extension, to register with {@code @RegisterExtension}
     */
    public static TomcatServerExtension of(Object... services) {
        return new TomcatServerExtension(() -> TomcatServer.start(services));
    }

    /**
     * A server from a configured builder.
     *
     * @param builder the builder; started before the tests
     * @return the extension, to register with {@code @RegisterExtension}
     */
    public static TomcatServerExtension of(TomcatServer.Builder builder) {
        Objects.requireNonNull(builder, "builder");
        return new TomcatServerExtension(builder::start);
    }
}
