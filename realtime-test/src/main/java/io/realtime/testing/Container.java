package io.realtime.testing;

import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * A container kit, found through {@link ServiceLoader} in its jar's {@code META-INF/services}, so that
 * {@link ContainerServer#builder()} and the conformance suite start whichever container the test class path
 * holds. Kits implement it; tests do not.
 */
public interface Container {

    /**
     * The container's name and version, for reports.
     *
     * @return such as {@code Tomcat 11.0.27}
     */
    String name();

    /**
     * A builder for this container's server.
     *
     * @return a new builder
     */
    ServerBuilder<?, ?> builder();

    /**
     * The only container kit on the class path.
     *
     * @return the container
     * @throws IllegalStateException if there is none, or more than one
     */
    static Container only() {
        List<Container> found = ServiceLoader.load(Container.class, Container.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
        if (found.size() != 1) {
            throw new IllegalStateException("Expected exactly one container kit on the class path"
                    + " (realtime-jetty-test or realtime-tomcat-test), found "
                    + (found.isEmpty()
                            ? "none"
                            : found.stream().map(Container::name).collect(Collectors.joining(", "))));
        }
        return found.get(0);
    }
}
