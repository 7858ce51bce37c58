package io.realtime.jetty;

import io.realtime.testing.Container;
import io.realtime.testing.ServerBuilder;
import org.eclipse.jetty.server.Server;

/**
 * Embedded Jetty as the container of {@code io.realtime.testing.ContainerServer.builder()}, found through
 * {@code META-INF/services}. Tests use {@link RealtimeServer} or that method instead.
 */
public final class JettyContainer implements Container {

    /** Called by {@link java.util.ServiceLoader}. */
    public JettyContainer() {}

    @Override
    public String name() {
        return "Jetty " + Server.getVersion() + " (ee10)";
    }

    @Override
    public ServerBuilder<?, ?> builder() {
        return RealtimeServer.builder();
    }
}
