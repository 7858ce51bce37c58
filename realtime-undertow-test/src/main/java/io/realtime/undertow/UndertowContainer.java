package io.realtime.undertow;

import io.realtime.testing.Container;
import io.realtime.testing.ServerBuilder;
import io.undertow.Version;

/**
 * Embedded Undertow as the container of {@code io.realtime.testing.ContainerServer.builder()}, found through
 * {@code META-INF/services}. Tests use {@link UndertowServer} or that method instead.
 */
public final class UndertowContainer implements Container {

    /** Called by {@link java.util.ServiceLoader}. */
    public UndertowContainer() {}

    @Override
    public String name() {
        return "Undertow " + Version.getVersionString(); // "Undertow 2.3.24.Final"
    }

    @Override
    public ServerBuilder<?, ?> builder() {
        return UndertowServer.builder();
    }
}
