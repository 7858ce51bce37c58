package io.realtime.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.runtime.Realtime;
import io.realtime.runtime.RealtimeStats;
import io.realtime.testing.Await;
import io.realtime.testing.Visitor;
import jakarta.servlet.ServletContext;
import java.net.URI;
import java.util.Locale;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.context.WebApplicationContext;

/**
 * A Spring Boot application started on port 0 on the embedded server this test run has on its class path:
 * Tomcat, or Jetty in the run of the tests tagged {@code server} (see the module's pom). It names only types that
 * Spring Boot 3 and 4 share, so that the same tests run on both.
 */
final class BootServer implements AutoCloseable {

    /** The server this run starts, from the build: {@code tomcat} or {@code jetty}. */
    static final String EXPECTED = System.getProperty("starter.server", "tomcat");

    private final ConfigurableApplicationContext context;

    private BootServer(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts {@code application} with these properties besides its own, such as {@code server.shutdown=graceful}. */
    static BootServer start(Class<?> application, String... properties) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off")
                .properties(properties)
                .run();
        BootServer server = new BootServer(context);
        assertThat(server.serverName()).as("the embedded server Boot chose").isEqualTo(EXPECTED);
        return server;
    }

    /** {@code tomcat} or {@code jetty}, from the class of the context's web server (its package moved in Boot 4). */
    @SuppressWarnings("RethrowReflectiveOperationExceptionAsLinkageError") // the test fails: no linkage problem
    String serverName() {
        try {
            Object server = context.getClass().getMethod("getWebServer").invoke(context);
            String name = server.getClass().getSimpleName().toLowerCase(Locale.ROOT); // TomcatWebServer, ...
            return name.startsWith("tomcat") ? "tomcat" : name.startsWith("jetty") ? "jetty" : name;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("Not a web server's application context: " + context, e);
        }
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port") + path);
    }

    /** A browser of its own: cookies, tabs with their tokens. */
    Visitor visitor() {
        return Visitor.of(uri(""));
    }

    ServletContext servletContext() {
        return ((WebApplicationContext) context).getServletContext();
    }

    /** Waits until the runtime's statistics satisfy {@code condition}. */
    void awaitStats(String what, Predicate<RealtimeStats> condition) {
        Await.until(
                what, () -> condition.test(Realtime.stats(servletContext())), () -> Realtime.stats(servletContext()));
    }

    @Override
    public void close() {
        context.close();
    }

    /**
     * One application for a test class: {@code @RegisterExtension static final BootServer.PerClass server =
     * BootServer.perClass(DemoApplication.class);}, started before its first test and closed after its last.
     */
    static PerClass perClass(Class<?> application, String... properties) {
        return new PerClass(application, properties);
    }

    static final class PerClass implements BeforeAllCallback, AfterAllCallback {
        private final Class<?> application;
        private final String[] properties;
        private BootServer server;

        private PerClass(Class<?> application, String[] properties) {
            this.application = application;
            this.properties = properties;
        }

        @Override
        public void beforeAll(ExtensionContext extension) {
            server = start(application, properties);
        }

        @Override
        public void afterAll(ExtensionContext extension) {
            if (server != null) {
                server.close();
            }
        }

        BootServer get() {
            return server;
        }
    }
}
