package io.realtime.spring.boot;

import io.realtime.Duplex;
import io.realtime.Push;
import io.realtime.Stream;
import io.realtime.Topics;
import io.realtime.runtime.DeploymentException;
import io.realtime.runtime.Realtime;
import io.realtime.runtime.RealtimeConfig;
import jakarta.servlet.ServletContext;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.ClassUtils;

/**
 * Starts the runtime with the embedded server's servlet context, serving the application's beans that declare
 * endpoints, and stops it before the server's graceful shutdown begins.
 *
 * <p>Boot calls a {@link ServletContextInitializer} bean while the server starts, before it creates the other
 * singletons: the service beans are created here, with their dependencies, {@code Topics} among them (it exists
 * before the runtime: {@link Realtime#topics}). The stop comes first because a graceful shutdown waits for the
 * requests in progress, and a stream or a held poll is one until the runtime says goodbye.
 */
final class RealtimeStarter implements ServletContextInitializer, SmartLifecycle {

    // Below the phase of the beans an application declares, which may still publish while they stop, and above
    // Boot's graceful shutdown (SmartLifecycle.DEFAULT_PHASE - 1024), which must find the streams already ended.
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    private final ConfigurableListableBeanFactory beans;
    private final RealtimeConfig config;
    private final Topics topics;
    private volatile ServletContext context;
    private volatile boolean running;

    RealtimeStarter(ConfigurableListableBeanFactory beans, RealtimeConfig config, Topics topics) {
        this.beans = beans;
        this.config = config;
        this.topics = topics;
    }

    @Override
    public void onStartup(ServletContext servletContext) {
        Realtime.start(servletContext, config, topics, services());
        context = servletContext;
    }

    /** The singleton beans whose class, or a superclass, has a method annotated {@code @Push}, {@code @Stream}
     *  or {@code @Duplex}; a bean proxied by subclassing is called through its proxy. */
    private List<Object> services() {
        List<Object> services = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String name : beans.getBeanDefinitionNames()) {
            if (beans.getBeanDefinition(name).isAbstract()) {
                continue;
            }
            Class<?> type = beans.getType(name, false);
            if (type == null || !declaresEndpoints(ClassUtils.getUserClass(type))) {
                continue;
            }
            if (!beans.isSingleton(name)) {
                problems.add("Bean '" + name + "' of "
                        + ClassUtils.getUserClass(type).getName()
                        + " declares endpoints but is not a singleton; the runtime serves one instance of each"
                        + " service [rule: singleton-service]");
                continue;
            }
            services.add(beans.getBean(name));
        }
        if (!problems.isEmpty()) {
            throw new DeploymentException(problems);
        }
        return services;
    }

    static boolean declaresEndpoints(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                if (method.isAnnotationPresent(Push.class)
                        || method.isAnnotationPresent(Stream.class)
                        || method.isAnnotationPresent(Duplex.class)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** @return the servlet context the runtime started in, or {@code null} before the server started it */
    ServletContext context() {
        return context;
    }

    @Override
    public void start() {
        running = true;
    }

    /** Says goodbye to every client (WebSocket {@code 1001}, a final SSE event, polls answered) and stops. */
    @Override
    public void stop() {
        running = false;
        ServletContext started = context;
        if (started != null) {
            Realtime.stop(started);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
