package io.realtime.runtime;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.List;
import java.util.Objects;

/**
 * Programmatic entry points, for servers that do not scan for {@code ServletContainerInitializer}s
 * (embedded Jetty or Tomcat, Spring Boot executable jars). In a WAR none of this is needed: the runtime jar in
 * {@code WEB-INF/lib} finds the annotated classes itself.
 *
 * <pre>{@code
 * // embedded Jetty 12 (ee10)
 * context.addServletContainerInitializer(Realtime.initializer(Market.class, Chat.class));
 * // embedded Tomcat
 * context.addServletContainerInitializer(Realtime.initializer(Market.class, Chat.class), null);
 * }</pre>
 */
public final class Realtime {

    private Realtime() {}

    /**
     * An initializer that starts the runtime with exactly these services and the default settings.
     *
     * @param services endpoint classes (created by the runtime) or instances
     * @return the initializer, to register with the embedded server
     */
    public static ServletContainerInitializer initializer(Object... services) {
        return initializer(RealtimeConfig.defaults(), services);
    }

    /**
     * An initializer that starts the runtime with exactly these services and settings.
     *
     * @param config the settings; {@code realtime.*} context parameters still apply on top
     * @param services endpoint classes (created by the runtime) or instances
     * @return the initializer, to register with the embedded server
     */
    public static ServletContainerInitializer initializer(RealtimeConfig config, Object... services) {
        Objects.requireNonNull(config, "config");
        List<Object> list = List.of(services);
        return (ignored, context) -> start(context, config, list);
    }

    /**
     * Starts the runtime in a servlet context. Call it while the context initialises: from
     * {@code ServletContainerInitializer#onStartup}, or Spring Boot's {@code ServletContextInitializer}. The
     * runtime stops by itself when the context is destroyed.
     *
     * @param context the application's servlet context
     * @param config the settings; {@code realtime.*} context parameters apply on top
     * @param services endpoint classes (created by the runtime) or instances
     * @throws DeploymentException if an endpoint is invalid, naming each method and rule
     */
    public static void start(ServletContext context, RealtimeConfig config, Iterable<?> services) {
        List<Object> list = new java.util.ArrayList<>();
        services.forEach(list::add);
        RealtimeRuntime.start(context, config, list);
    }

    /**
     * What the application's runtime holds now.
     *
     * @param context the application's servlet context
     * @return the statistics
     * @throws IllegalStateException if the runtime is not running there
     */
    public static RealtimeStats stats(ServletContext context) {
        if (context.getAttribute(RealtimeRuntime.ATTRIBUTE) instanceof RealtimeRuntime runtime) {
            return runtime.stats();
        }
        throw new IllegalStateException("The realtime runtime is not running in '" + context.getContextPath() + "'");
    }
}
