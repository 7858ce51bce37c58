package io.realtime.jetty;

import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

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
public final class RealtimeServerExtension implements BeforeAllCallback, AfterAllCallback {

    private final Supplier<RealtimeServer> starter;
    private RealtimeServer server;

    private RealtimeServerExtension(Supplier<RealtimeServer> starter) {
        this.starter = starter;
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

    /**
     * The running server.
     *
     * @return the server
     * @throws IllegalStateException outside the test class's lifetime
     */
    public RealtimeServer get() {
        if (server == null) {
            throw new IllegalStateException("The server runs only while the test class runs");
        }
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = starter.get();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
