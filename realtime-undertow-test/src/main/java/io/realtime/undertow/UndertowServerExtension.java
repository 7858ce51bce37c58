package io.realtime.undertow;

import io.realtime.testing.ServerExtension;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Starts an {@link UndertowServer} before a test class and stops it after:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final UndertowServerExtension server = UndertowServerExtension.of(Market.class);
 *
 * @Test
 * void pricesFlow() {
 *     try (SseRecorder prices = server.get().sse("/prices/ACME")) { ... }
 * }
 * }</pre>
 */
public final class UndertowServerExtension extends ServerExtension<UndertowServer> {

    private UndertowServerExtension(Supplier<UndertowServer> starter) {
        super(starter);
    }

    /**
     * A server with these services and default settings.
     *
     * @param services endpoint classes or instances
     * @return the extension, to register with {@code @RegisterExtension}
     */
    public static UndertowServerExtension of(Object... services) {
        return new UndertowServerExtension(() -> UndertowServer.start(services));
    }

    /**
     * A server from a configured builder.
     *
     * @param builder the builder; started before the tests
     * @return the extension, to register with {@code @RegisterExtension}
     */
    public static UndertowServerExtension of(UndertowServer.Builder builder) {
        Objects.requireNonNull(builder, "builder");
        return new UndertowServerExtension(builder::start);
    }
}
