package io.realtime.runtime;

import io.realtime.Topics;
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
     * Topics for an application whose services are created, and given their topics, before the runtime starts:
     * by Spring, CDI or another dependency injection container. They can be used at once: events published
     * before the start are kept, within the history's limits, for the clients that come. Start the runtime with
     * them ({@link #start(ServletContext, RealtimeConfig, Topics, Iterable)}) and the same settings; it then
     * evicts their idle topics, and closes them, with the backplane, when it stops.
     *
     * @param config the settings; the history's limits, {@code maxTopics}, the mapper and the backplane apply
     * @return topics that one runtime may start with
     */
    public static Topics topics(RealtimeConfig config) {
        return new PreparedTopics(config);
    }

    /**
     * Starts the runtime in a servlet context with topics made before it by {@link #topics(RealtimeConfig)}, which
     * the services already hold. Otherwise as {@link #start(ServletContext, RealtimeConfig, Iterable)}.
     *
     * @param context the application's servlet context
     * @param config the settings; {@code realtime.*} context parameters apply on top
     * @param topics from {@link #topics(RealtimeConfig)} with the same settings, not yet used by a runtime
     * @param services endpoint classes (created by the runtime, given {@code topics}) or instances
     * @throws DeploymentException if an endpoint is invalid, naming each method and rule, or if the topics were
     *     made with other settings or already served a runtime
     * @throws IllegalArgumentException if {@code topics} do not come from {@link #topics(RealtimeConfig)}
     */
    public static void start(ServletContext context, RealtimeConfig config, Topics topics, Iterable<?> services) {
        if (!(topics instanceof PreparedTopics prepared)) {
            throw new IllegalArgumentException("Start the runtime with topics from Realtime.topics(config), not "
                    + (topics == null ? "null" : topics.getClass().getName()));
        }
        List<Object> list = new java.util.ArrayList<>();
        services.forEach(list::add);
        RealtimeRuntime.start(context, config, list, prepared::takeOver);
    }

    /**
     * Stops the runtime of a servlet context before the context ends, as its end would: WebSockets close with
     * {@code 1001}, streams get a final {@code reconnect} event, waiting long-polls are answered {@code 204}, then
     * the runtime's threads are joined; requests that come afterwards are answered at once. For servers whose
     * graceful shutdown waits for open requests before it ends the application (Spring Boot with
     * {@code server.shutdown=graceful}): stopping the runtime first ends the streams and polls it would wait for.
     * Blocks up to a few seconds while the goodbyes leave. Idempotent; nothing happens where no runtime runs.
     *
     * @param context the application's servlet context
     */
    public static void stop(ServletContext context) {
        if (context.getAttribute(RealtimeRuntime.ATTRIBUTE) instanceof RealtimeRuntime runtime) {
            runtime.close();
        }
    }

    /**
     * Ends every connection and request in progress of one tab, on this node and, through the backplane's control
     * channel ({@code Backplane.control()}, which {@code RedisBackplane} offers), on every other node; for example
     * when the application no longer trusts what the tab holds. Each ends with the goodbye of an ended cookie session
     * (docs/protocol.md, "The cookie session"): a WebSocket closes with {@code 1008}, a stream gets a final
     * {@code revoked} event, a waiting long-poll is answered {@code 401}. The client then drops its token and
     * negotiates again, so it comes back, as the same tab while its cookie session lasts, only through the
     * application's own checks: to keep someone out, end their cookie session or refuse them in the endpoint.
     *
     * <p>Any thread; does not block: this node's connections are told before it returns, and the other nodes are
     * told from a thread of the runtime's, within the backplane's timeout (about a second). If the backplane cannot
     * be reached, or more than 1,000 control messages are waiting, the other nodes are not told, and it is logged;
     * nothing is thrown.
     *
     * @param context the application's servlet context
     * @param tabId the tab's id, as {@code RealtimeSession.id()} returns it
     * @return how many connections and requests ended on this node
     * @throws IllegalStateException if the runtime is not running there
     */
    public static int revokeTab(ServletContext context, String tabId) {
        return running(context).revokeTab(Objects.requireNonNull(tabId, "tabId"));
    }

    /**
     * Ends every connection and request in progress of one user, whatever their tab or cookie session, on this node
     * and on every other node, as {@link #revokeTab} does for a tab: for example when the user's account is
     * disabled or their password changed. Their connections end as a tab's do; end the user's cookie sessions as
     * well to keep them out.
     *
     * <p>Threading, blocking and failures as for {@link #revokeTab}.
     *
     * @param context the application's servlet context
     * @param userName the user's name, as {@code Principal.getName()} returns it for the user
     * @return how many connections and requests ended on this node
     * @throws IllegalStateException if the runtime is not running there
     */
    public static int revokeUser(ServletContext context, String userName) {
        return running(context).revokeUser(Objects.requireNonNull(userName, "userName"));
    }

    private static RealtimeRuntime running(ServletContext context) {
        if (context.getAttribute(RealtimeRuntime.ATTRIBUTE) instanceof RealtimeRuntime runtime) {
            return runtime;
        }
        throw new IllegalStateException("The realtime runtime is not running in '" + context.getContextPath() + "'");
    }

    /**
     * What the application's runtime holds now.
     *
     * @param context the application's servlet context
     * @return the statistics
     * @throws IllegalStateException if the runtime is not running there
     */
    public static RealtimeStats stats(ServletContext context) {
        return running(context).stats();
    }
}
