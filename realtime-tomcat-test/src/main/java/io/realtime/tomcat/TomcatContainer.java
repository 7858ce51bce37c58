package io.realtime.tomcat;

import io.realtime.testing.Container;
import io.realtime.testing.ServerBuilder;
import org.apache.catalina.util.ServerInfo;

/**
 * Embedded Tomcat as the container of {@code io.realtime.testing.ContainerServer.builder()}, found through
 * {@code META-INF/services}. Tests use {@link TomcatServer} or that method instead.
 */
public final class TomcatContainer implements Container {

    /** Called by {@link java.util.ServiceLoader}. */
    public TomcatContainer() {}

    @Override
    public String name() {
        String info = ServerInfo.getServerInfo(); // "Apache Tomcat/11.0.27"
        return "Tomcat " + info.substring(info.indexOf('/') + 1);
    }

    @Override
    public ServerBuilder<?, ?> builder() {
        return TomcatServer.builder();
    }
}
