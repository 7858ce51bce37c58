package io.realtime.runtime;

import io.realtime.Topics;
import io.realtime.internal.cdi.CdiServices;
import jakarta.servlet.ServletContext;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Creates the application's service classes, one instance each, unless the configuration names a factory. A
 * service shares state with the rest of its application (servlets, listeners) through the context, or, where the
 * platform has CDI, is one of its beans ({@link CdiServices}); the constructor runs during the context's startup.
 */
final class ServiceInstances {

    private ServiceInstances() {}

    /**
     * @param onClose receives what to do when the runtime stops
     * @param owned receives each instance the runtime created itself that is {@link AutoCloseable}: the runtime
     *     closes it when it stops, as its creator (a factory's or CDI's instances are their owners' to close)
     * @return creates an instance of a class, or throws with the reason for the deployment error
     */
    static Function<Class<?>, Object> factory(
            RealtimeConfig config,
            Topics topics,
            ServletContext context,
            Consumer<Runnable> onClose,
            Consumer<AutoCloseable> owned) {
        if (config.serviceFactory().isPresent()) {
            Function<Class<?>, Object> given = config.serviceFactory().get();
            return type -> {
                try {
                    return given.apply(type);
                } catch (RuntimeException e) {
                    throw new IllegalStateException("its serviceFactory threw " + e, e);
                }
            };
        }
        Function<Class<?>, Object> own = type -> {
            Object service = create(type, topics, context);
            if (service instanceof AutoCloseable closeable) {
                owned.accept(closeable);
            }
            return service;
        };
        return cdiApi() ? CdiServices.factory(topics, own, onClose).orElse(own) : own;
    }

    // The CDI API is the platform's, where it has one (Jakarta EE platforms such as WildFly); a servlet container has
    // none, and then the runtime creates every service itself.
    private static boolean cdiApi() {
        try {
            Class.forName("jakarta.enterprise.inject.spi.CDI", false, ServiceInstances.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }

    private static Object create(Class<?> type, Topics topics, ServletContext context) {
        if (!Modifier.isPublic(type.getModifiers())) {
            throw new IllegalStateException("is not public: the runtime creates only public classes (a nested one"
                    + " static as well); make it public, or give a serviceFactory");
        }
        if (type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers())) {
            throw new IllegalStateException("is an inner class, which needs an instance of "
                    + type.getEnclosingClass().getName() + " to be created; make it static, or give a serviceFactory");
        }
        try {
            for (Constructor<?> constructor : type.getConstructors()) {
                Object[] arguments = arguments(constructor.getParameterTypes(), topics, context);
                if (arguments != null && arguments.length > 0) {
                    return constructor.newInstance(arguments);
                }
            }
            return type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("needs a public constructor whose parameters are io.realtime.Topics"
                    + " and/or jakarta.servlet.ServletContext, or none, or a serviceFactory, or to be a CDI bean"
                    + " where the platform has CDI");
        } catch (InvocationTargetException e) {
            // The cause keeps its stack trace: the deployment error carries it, and the log shows where it threw.
            throw new IllegalStateException("its constructor threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot be created: " + e, e);
        }
    }

    /** @return the arguments for a constructor taking each of Topics and ServletContext at most once, or null */
    private static Object[] arguments(Class<?>[] parameters, Topics topics, ServletContext context) {
        Object[] arguments = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            Object value =
                    parameters[i] == Topics.class ? topics : parameters[i] == ServletContext.class ? context : null;
            if (value == null || Arrays.asList(arguments).contains(value)) {
                return null;
            }
            arguments[i] = value;
        }
        return arguments;
    }
}
