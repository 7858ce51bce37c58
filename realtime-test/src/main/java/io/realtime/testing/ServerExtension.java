package io.realtime.testing;

import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a server before a test class and stops it after:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ServerExtension<ContainerServer> server =
 *         ServerExtension.of(ContainerServer.builder().services(Market.class));
 *
 * @Test
 * void pricesFlow() {
 *     try (SseRecorder prices = server.get().sse("/prices/ACME")) { ... }
 * }
 * }</pre>
 *
 * <p>The kits' own extensions ({@code RealtimeServerExtension}, {@code TomcatServerExtension}) extend it with
 * their server type.
 *
 * @param <S> the server type
 */
public class ServerExtension<S extends ContainerServer> implements BeforeAllCallback, AfterAllCallback {

    private final Supplier<? extends S> starter;
    private S server;

    /**
     * An extension that starts its server with {@code starter}.
     *
     * @param starter called once, before the test class's tests
     */
    protected ServerExtension(Supplier<? extends S> starter) {
        this.starter = Objects.requireNonNull(starter, "starter");
    }

    /**
     * A server from a configured builder.
     *
     * @param builder the builder; started before the tests
     * @param <S> the server type
     * @return the extension, to register with {@code @RegisterExtension}
     */
    public static <S extends ContainerServer> ServerExtension<S> of(ServerBuilder<?, ? extends S> builder) {
        Objects.requireNonNull(builder, "builder");
        return new ServerExtension<>(builder::start);
    }

    /**
     * The running server.
     *
     * @return the server
     * @throws IllegalStateException outside the test class's lifetime
     */
    public final S get() {
        if (server == null) {
            throw new IllegalStateException("The server runs only while the test class runs");
        }
        return server;
    }

    @Override
    public final void beforeAll(ExtensionContext context) {
        server = starter.get();
    }

    @Override
    public final void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
