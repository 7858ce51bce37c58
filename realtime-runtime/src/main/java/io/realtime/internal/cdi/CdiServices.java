package io.realtime.internal.cdi;

import io.realtime.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Singleton;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Service instances from the application's CDI container, where the platform has one (WildFly's Weld): a service
 * class that is a CDI bean is obtained from it, so its constructor may {@code @Inject} the application's beans and
 * {@link Topics}; any other class is created by the runtime as before. The runtime loads this class only once it
 * has found the CDI API; without a container for the application, it is not used at all.
 *
 * <p>The runtime keeps one instance per service for the application's life and calls it on its own threads, outside
 * any request: an {@code @ApplicationScoped} or {@code @Singleton} bean (through its client proxy), or a
 * {@code @Dependent} one, destroyed when the runtime stops. Beans of other scopes are refused at deployment.
 */
public final class CdiServices {

    private static final List<Class<? extends Annotation>> SCOPES =
            List.of(ApplicationScoped.class, Singleton.class, Dependent.class);

    private final BeanManager beans;
    private final Function<Class<?>, Object> otherwise;
    private final List<CreationalContext<?>> dependents = new CopyOnWriteArrayList<>();

    private CdiServices(BeanManager beans, Function<Class<?>, Object> otherwise) {
        this.beans = beans;
        this.otherwise = otherwise;
    }

    /**
     * The application's CDI container as a source of services, with {@code topics} given to its {@link Topics} bean.
     *
     * @param otherwise creates the services that are not CDI beans
     * @param onClose receives what to do when the runtime stops
     * @return the factory, or empty when the application runs no CDI container
     */
    public static Optional<Function<Class<?>, Object>> factory(
            Topics topics, Function<Class<?>, Object> otherwise, Consumer<Runnable> onClose) {
        BeanManager beans;
        try {
            beans = CDI.current().getBeanManager();
        } catch (IllegalStateException | UnsupportedOperationException none) {
            return Optional.empty(); // the API is there, no container: a servlet container with cdi-api in WEB-INF/lib
        }
        TopicsBean.running(topics);
        CdiServices services = new CdiServices(beans, otherwise);
        onClose.accept(services::release);
        return Optional.of(services::create);
    }

    private Object create(Class<?> type) {
        Optional<Bean<?>> found = bean(type);
        if (found.isEmpty()) {
            return otherwise.apply(type);
        }
        Bean<?> bean = found.get();
        if (!SCOPES.contains(bean.getScope())) {
            throw new IllegalStateException(
                    "is a CDI bean of scope @" + bean.getScope().getSimpleName()
                            + ", whose instances live in that context alone; the runtime keeps one instance and calls it on"
                            + " its own threads, outside any request: make it @ApplicationScoped or @Dependent");
        }
        CreationalContext<?> context = beans.createCreationalContext(bean);
        Object instance = beans.getReference(bean, type, context);
        if (bean.getScope() == Dependent.class) {
            dependents.add(context);
        }
        return instance;
    }

    /** The bean of exactly this class, if the container has one. */
    private Optional<Bean<?>> bean(Class<?> type) {
        Set<Bean<?>> candidates = beans.getBeans(type);
        return candidates.stream().filter(bean -> bean.getBeanClass() == type).findFirst();
    }

    private void release() {
        dependents.forEach(CreationalContext::release);
        dependents.clear();
        TopicsBean.running(null);
    }
}
