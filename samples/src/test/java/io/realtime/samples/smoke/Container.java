package io.realtime.samples.smoke;

import io.realtime.jetty.RealtimeServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Where the smoke tests deploy the packaged samples WAR, each at context path {@code /samples}: embedded Jetty
 * through the test kit (annotation scanning, as {@code RealtimeServer.builder().war(...)} does), and the standalone
 * Tomcat, Jetty, WildFly and GlassFish distributions the build unpacked. A smoke test class runs once per container:
 *
 * <pre>{@code
 * @ParameterizedClass
 * @EnumSource(Container.class)
 * @ExtendWith(Container.Cleanup.class)
 * class TickerSmokeIT { TickerSmokeIT(Container container) { samples = container.samples(); } ... }
 * }</pre>
 *
 * <p>Each container starts on first use and serves every test class of the run; {@link Cleanup} stops them all
 * when the run ends. The locations come from the build ({@code samples.war}, {@code samples.tomcat},
 * {@code samples.jetty}, {@code samples.wildfly}, {@code samples.glassfish}, {@code samples.work}); a missing one fails the tests rather than
 * skipping them.
 */
public enum Container {
    EMBEDDED_JETTY("embedded Jetty") {
        @Override
        AutoCloseable start(Path war, Map<Container, Samples> into) {
            RealtimeServer server =
                    RealtimeServer.builder().war(war).contextPath(CONTEXT).start();
            into.put(this, new Samples(display, server.uri()));
            return server;
        }
    },
    TOMCAT("standalone Tomcat") {
        @Override
        Standalone standalone(Path war, Path work) throws IOException {
            return Standalone.tomcat(location("samples.tomcat"), war, work);
        }
    },
    JETTY("standalone Jetty") {
        @Override
        Standalone standalone(Path war, Path work) throws IOException {
            return Standalone.jetty(location("samples.jetty"), war, work);
        }
    },
    WILDFLY("standalone WildFly") {
        @Override
        Standalone standalone(Path war, Path work) throws IOException {
            return WildFly.start(location("samples.wildfly"), work, "wildfly", List.of(war));
        }
    },
    GLASSFISH("standalone GlassFish") {
        @Override
        Standalone standalone(Path war, Path work) throws IOException {
            return GlassFish.start(location("samples.glassfish"), work, "glassfish", war);
        }
    };

    /** The context path the WAR is deployed at: its file name, as standalone containers choose it. */
    public static final String CONTEXT = "/samples";

    private static final Map<Container, Samples> RUNNING = new EnumMap<>(Container.class);
    private static final List<AutoCloseable> STOPS = new ArrayList<>();
    private static final Map<Container, RuntimeException> FAILED = new EnumMap<>(Container.class);

    final String display;

    Container(String display) {
        this.display = display;
    }

    /**
     * The samples deployed in this container, started on first use.
     *
     * @return the running samples
     * @throws IllegalStateException if the container or the application did not start; the message says why
     */
    public Samples samples() {
        synchronized (RUNNING) {
            Samples running = RUNNING.get(this);
            if (running == null) {
                if (FAILED.containsKey(this)) { // once is enough: every test of this container fails the same way
                    throw new IllegalStateException(display + " did not start", FAILED.get(this));
                }
                try {
                    STOPS.add(start(location("samples.war"), RUNNING));
                } catch (IOException e) {
                    FAILED.put(this, new UncheckedIOException("Could not start " + display, e));
                    throw FAILED.get(this);
                } catch (RuntimeException e) {
                    FAILED.put(this, e);
                    throw e;
                }
                running = RUNNING.get(this);
            }
            return running;
        }
    }

    /** Starts the samples here; a standalone container's base and logs go under {@code samples.work}. */
    AutoCloseable start(Path war, Map<Container, Samples> into) throws IOException {
        Standalone container = standalone(war, location("samples.work"));
        try {
            into.put(this, container.await(CONTEXT));
            return container;
        } catch (RuntimeException e) {
            container.close();
            throw e;
        }
    }

    /**
     * Starts a standalone container of this kind with {@code war}, its base and logs under {@code work}; the caller
     * awaits and stops it.
     *
     * @throws UnsupportedOperationException for the embedded container
     */
    Standalone standalone(Path war, Path work) throws IOException {
        throw new UnsupportedOperationException(display + " is not a standalone container");
    }

    @Override
    public String toString() {
        return display;
    }

    static Path location(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("The smoke tests need -D" + property + "; run them with ./mvnw verify");
        }
        Path path = Path.of(value);
        if (!property.equals("samples.work") && !Files.exists(path)) {
            throw new IllegalStateException("-D" + property + "=" + value + " does not exist");
        }
        return path;
    }

    /** Stops every started container once, when the whole test run ends. */
    public static final class Cleanup implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            context.getRoot()
                    .getStore(ExtensionContext.Namespace.GLOBAL)
                    .computeIfAbsent(Cleanup.class, key -> (AutoCloseable) Container::stopAll, AutoCloseable.class);
        }
    }

    private static void stopAll() throws Exception {
        synchronized (RUNNING) {
            Exception failure = null;
            for (int i = STOPS.size() - 1; i >= 0; i--) {
                try {
                    STOPS.get(i).close();
                } catch (Exception e) {
                    failure = failure == null ? e : failure;
                }
            }
            STOPS.clear();
            RUNNING.clear();
            if (failure != null) {
                throw failure;
            }
        }
    }
}
