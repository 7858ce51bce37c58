package io.realtime.internal.endpoint;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The rules of a service class as a whole: it holds endpoint methods ({@code no-endpoints}), and the runtime can
 * create it when it is given as a class ({@code service-constructor}).
 */
final class ServiceRules {

    private ServiceRules() {}

    /**
     * @param service a class to create, or an instance
     * @param type the service's class
     * @param methods its {@link #annotatedMethods}
     * @return the instance whose methods serve the endpoints, or {@code null} after reporting why there is none
     */
    static Object target(
            Object service,
            Class<?> type,
            List<Method> methods,
            Function<Class<?>, Object> instantiate,
            Problems problems) {
        if (methods.isEmpty()) {
            problems.ofClass(type, " has no @Push, @Stream or @Duplex method", "no-endpoints");
            return null;
        }
        if (!(service instanceof Class<?>)) {
            return service;
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers()) || type.isEnum()) {
            problems.ofClass(
                    type,
                    " holds endpoint methods " + names(methods) + " but is not a concrete class the runtime can create",
                    "service-constructor");
            return null;
        }
        try {
            return instantiate.apply(type);
        } catch (RuntimeException e) {
            // A cause is what the application's constructor or factory threw: the deployment error keeps it, with
            // its stack trace. Without one, the message says all.
            problems.ofClass(
                    type,
                    ", which holds endpoint methods " + names(methods) + ", " + e.getMessage(),
                    "service-constructor",
                    e.getCause());
            return null;
        }
    }

    /** @return the class's and its superclasses' annotated methods, in a stable order */
    static List<Method> annotatedMethods(Class<?> type) {
        List<Method> found = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                if (!method.isBridge()
                        && !method.isSynthetic()
                        && !DeclarationRules.kinds(method).isEmpty()) {
                    found.add(method);
                }
            }
        }
        found.sort((a, b) -> Endpoint.describe(a).compareTo(Endpoint.describe(b)));
        return found;
    }

    private static List<String> names(List<Method> methods) {
        return methods.stream().map(Endpoint::describe).toList();
    }
}
