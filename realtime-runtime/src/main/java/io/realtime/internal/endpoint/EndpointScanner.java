package io.realtime.internal.endpoint;

import io.realtime.Connection;
import io.realtime.EventSink;
import io.realtime.PathParam;
import io.realtime.RealtimeException;
import io.realtime.RealtimeSession;
import io.realtime.Topic;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * Turns service classes into validated {@link Routes}. Every rule violation is collected with the class, the
 * method and the rule's name, so that one failed deployment reports all of them.
 */
public final class EndpointScanner {

    private final Function<Class<?>, Object> instantiate;
    private final List<String> problems = new ArrayList<>();
    private final List<Endpoint> endpoints = new ArrayList<>();

    private EndpointScanner(Function<Class<?>, Object> instantiate) {
        this.instantiate = instantiate;
    }

    /**
     * Scans services.
     *
     * @param services classes (instantiated with {@code instantiate}) or instances
     * @param instantiate creates an instance of a class; throws with a reason when it cannot
     * @return the routes
     * @throws InvalidEndpoints listing every problem
     */
    public static Routes scan(Collection<?> services, Function<Class<?>, Object> instantiate) {
        EndpointScanner scanner = new EndpointScanner(instantiate);
        for (Object service : services) {
            scanner.service(service);
        }
        Routes routes = scanner.group();
        if (!scanner.problems.isEmpty()) {
            throw new InvalidEndpoints(scanner.problems);
        }
        return routes;
    }

    private void service(Object service) {
        Class<?> type = service instanceof Class<?> c ? c : service.getClass();
        List<Method> methods = annotatedMethods(type);
        if (methods.isEmpty()) {
            problems.add("Class " + type.getName() + " has no @Push, @Stream or @Duplex method [rule: no-endpoints]");
            return;
        }
        if (service instanceof Class<?>
                && (type.isInterface() || Modifier.isAbstract(type.getModifiers()) || type.isEnum())) {
            problems.add("Class " + type.getName() + " holds endpoint methods " + names(methods)
                    + " but is not a concrete class the runtime can create [rule: service-constructor]");
            return;
        }
        Object target = service;
        if (service instanceof Class<?>) {
            try {
                target = instantiate.apply(type);
            } catch (RuntimeException e) {
                problems.add("Class " + type.getName() + ", which holds endpoint methods " + names(methods) + ", "
                        + e.getMessage() + " [rule: service-constructor]");
                return;
            }
        }
        for (Method method : methods) {
            method(method, target);
        }
    }

    private static List<String> names(List<Method> methods) {
        return methods.stream().map(Endpoint::describe).toList();
    }

    private static List<Method> annotatedMethods(Class<?> type) {
        List<Method> found = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                if (!method.isBridge()
                        && !method.isSynthetic()
                        && !annotations(method).isEmpty()) {
                    found.add(method);
                }
            }
        }
        found.sort((a, b) -> Endpoint.describe(a).compareTo(Endpoint.describe(b)));
        return found;
    }

    private static List<Kind> annotations(Method method) {
        List<Kind> kinds = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            if (method.isAnnotationPresent(kind.annotation())) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    private void method(Method method, Object target) {
        List<Kind> kinds = annotations(method);
        Kind kind = kinds.get(0);
        Problems report = new Problems(kind, method);
        if (kinds.size() > 1) {
            report.add(
                    "carries " + kinds.stream().map(Kind::display).toList() + "; a method has one of them",
                    "one-annotation");
            return;
        }
        if (!Modifier.isPublic(method.getModifiers())
                || !Modifier.isPublic(method.getDeclaringClass().getModifiers())) {
            report.add("must be public, in a public class", "public-method");
            return;
        }
        if (Modifier.isStatic(method.getModifiers())) {
            report.add("must be an instance method, not static", "instance-method");
            return;
        }
        PathTemplate path;
        try {
            path = PathTemplate.parse(pathOf(method, kind));
        } catch (IllegalArgumentException e) {
            report.add("path \"" + pathOf(method, kind) + "\" " + e.getMessage(), "path-syntax");
            return;
        }
        Signature signature = new Signature();
        Parameter[] parameters = method.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            signature.arguments.add(argument(parameters[i], i + 1, kind, path, signature, report));
        }
        Shape shape = shape(method, kind, signature, report);
        if (report.count == 0 && shape != null) {
            endpoints.add(new Endpoint(
                    kind,
                    path,
                    method,
                    target,
                    shape,
                    signature.arguments,
                    signature.principal,
                    signature.messageType));
        }
    }

    private static String pathOf(Method method, Kind kind) {
        Annotation annotation = method.getAnnotation(kind.annotation());
        if (annotation instanceof io.realtime.Push push) {
            return push.value();
        }
        if (annotation instanceof io.realtime.Stream stream) {
            return stream.value();
        }
        return ((io.realtime.Duplex) annotation).value();
    }

    /** What the parameters of one method declared. */
    private static final class Signature {
        final List<Function<Call, Object>> arguments = new ArrayList<>();
        boolean principal;
        int sinks;
        int connections;
        int messages;
        Type messageType;
    }

    private Function<Call, Object> argument(
            Parameter parameter, int position, Kind kind, PathTemplate path, Signature signature, Problems report) {
        Class<?> type = parameter.getType();
        PathParam pathParam = parameter.getAnnotation(PathParam.class);
        if (pathParam != null) {
            String name = pathParam.value();
            if (!path.variables().contains(name)) {
                report.add(
                        "@PathParam(\"" + name + "\") names no segment of \"" + path + "\"; it has " + path.variables(),
                        "path-param-unknown");
                return call -> null;
            }
            Function<String, Object> converter = converter(type);
            if (converter == null) {
                report.add(
                        "@PathParam(\"" + name + "\") has type " + type.getSimpleName()
                                + "; accepted: String, int, long, boolean, their wrappers, UUID, enums",
                        "path-param-type");
                return call -> null;
            }
            return call -> convert(name, call.pathParameters().get(name), converter, type);
        }
        if (type == Principal.class) {
            signature.principal = true;
            return Call::principal;
        }
        if (type == EventSink.class) {
            if (kind != Kind.STREAM) {
                report.add("takes an EventSink, which only @Stream methods accept", "sink-misplaced");
            } else if (++signature.sinks > 1) {
                report.add("takes more than one EventSink", "sink-single");
            }
            return Call::sink;
        }
        if (type == Connection.class) {
            if (kind != Kind.DUPLEX) {
                report.add("takes a Connection, which only @Duplex methods accept", "connection-misplaced");
            } else if (++signature.connections > 1) {
                report.add("takes more than one Connection", "connection-single");
            }
            return Call::connection;
        }
        if (type == RealtimeSession.class) {
            return Call::tab;
        }
        if (kind == Kind.DUPLEX) {
            if (++signature.messages > 1) {
                report.add(
                        "takes more than one message parameter (" + type.getSimpleName()
                                + "); the rest must be injectable: @PathParam values, RealtimeSession, Principal",
                        "message-single");
            }
            signature.messageType = parameter.getParameterizedType();
            return Call::message;
        }
        report.add(
                describe(parameter, position)
                        + " is not injectable; accepted: @PathParam values, RealtimeSession, Principal"
                        + (kind == Kind.STREAM ? ", EventSink<T> (void methods)" : ""),
                "parameter-unknown");
        return call -> null;
    }

    // Without javac -parameters, names read arg0, arg1...: the position and type identify the parameter then.
    private static String describe(Parameter parameter, int position) {
        return "parameter " + position + " (" + parameter.getType().getSimpleName()
                + (parameter.isNamePresent() ? " " + parameter.getName() : "") + ")";
    }

    private static Shape shape(Method method, Kind kind, Signature signature, Problems report) {
        Class<?> returns = method.getReturnType();
        switch (kind) {
            case STREAM -> {
                if (signature.sinks > 0 && returns != void.class) {
                    report.add(
                            "takes an EventSink, so it must return void; it returns " + returns.getSimpleName(),
                            "sink-void");
                    return null;
                }
                if (returns == void.class) {
                    if (signature.sinks == 0) {
                        report.add("returns void, so it needs an EventSink<T> parameter to send with", "return-type");
                        return null;
                    }
                    return Shape.SINK;
                }
                if (Topic.class.isAssignableFrom(returns)) {
                    return Shape.TOPIC;
                }
                if (Flow.Publisher.class.isAssignableFrom(returns)) {
                    return Shape.PUBLISHER;
                }
                if (java.util.stream.Stream.class.isAssignableFrom(returns)
                        || Iterable.class.isAssignableFrom(returns)) {
                    return Shape.ITERATOR;
                }
                report.add(
                        "must return Topic<T>, Flow.Publisher<T>, Stream<T> or Iterable<T>, or be void with an"
                                + " EventSink<T> parameter; it returns " + returns.getSimpleName(),
                        "return-type");
                return null;
            }
            case PUSH -> {
                if (returns == void.class
                        || Flow.Publisher.class.isAssignableFrom(returns)
                        || java.util.stream.Stream.class.isAssignableFrom(returns)) {
                    report.add(
                            "must return Topic<T>, CompletionStage<T> or a value to poll; it returns "
                                    + returns.getSimpleName()
                                    + (returns == void.class ? "" : " (streams belong to @Stream)"),
                            "return-type");
                    return null;
                }
                if (Topic.class.isAssignableFrom(returns)) {
                    return Shape.TOPIC;
                }
                return CompletionStage.class.isAssignableFrom(returns) ? Shape.STAGE : Shape.VALUE;
            }
            default -> {
                if (signature.connections > 0 && signature.messages > 0) {
                    report.add(
                            "takes both a Connection and a message; a @Duplex method is either a connection"
                                    + " method or a message method",
                            "duplex-role");
                    return null;
                }
                if (signature.connections > 0) {
                    if (returns != void.class && !Topic.class.isAssignableFrom(returns)) {
                        report.add(
                                "is a connection method, so it must return void or Topic<T>; it returns "
                                        + returns.getSimpleName(),
                                "return-type");
                        return null;
                    }
                    return Shape.CONNECTION;
                }
                if (signature.messages == 0) {
                    report.add(
                            "needs a message parameter (called per message) or a Connection<T> parameter"
                                    + " (called per connection)",
                            "duplex-role");
                    return null;
                }
                if (Topic.class.isAssignableFrom(returns)
                        || Flow.Publisher.class.isAssignableFrom(returns)
                        || java.util.stream.Stream.class.isAssignableFrom(returns)) {
                    report.add(
                            "is a message method, so its return value is the reply; a " + returns.getSimpleName()
                                    + " cannot be one (subscribe from a Connection method)",
                            "return-type");
                    return null;
                }
                if ((signature.messageType == String.class || signature.messageType == byte[].class)
                        && returns != void.class) {
                    report.add(
                            "takes a raw " + ((Class<?>) signature.messageType).getSimpleName()
                                    + " message, which arrives without a ref to reply to, so it must return void;"
                                    + " it returns " + returns.getSimpleName()
                                    + " (take a JSON-decoded type to reply, or send from a Connection method)",
                            "raw-message-void");
                    return null;
                }
                return Shape.MESSAGE;
            }
        }
    }

    private Routes group() {
        Map<String, List<Endpoint>> byShape = new LinkedHashMap<>();
        for (Endpoint endpoint : endpoints) {
            byShape.computeIfAbsent(endpoint.path().shape(), s -> new ArrayList<>())
                    .add(endpoint);
        }
        List<Route> routes = new ArrayList<>();
        for (List<Endpoint> group : byShape.values()) {
            Route route = route(group);
            if (route != null) {
                routes.add(route);
            }
        }
        return new Routes(routes);
    }

    private Route route(List<Endpoint> group) {
        Endpoint first = group.get(0);
        if (group.size() == 1) {
            return first.kind() == Kind.DUPLEX
                    ? first.shape() == Shape.CONNECTION
                            ? new Route(first.path(), Kind.DUPLEX, first, null)
                            : new Route(first.path(), Kind.DUPLEX, null, first)
                    : new Route(first.path(), first.kind(), first, null);
        }
        boolean duplexPair = group.size() == 2
                && group.stream().allMatch(e -> e.kind() == Kind.DUPLEX)
                && group.get(0).shape() != group.get(1).shape()
                && group.get(0).path().toString().equals(group.get(1).path().toString());
        if (!duplexPair) {
            for (Endpoint endpoint : group.subList(1, group.size())) {
                problems.add(endpoint.kind().display() + " method " + endpoint.describe() + ": path \""
                        + endpoint.path() + "\" is already served by " + first.describe()
                        + (endpoint.kind() == Kind.DUPLEX && first.kind() == Kind.DUPLEX
                                ? " (one path holds at most one @Duplex connection method and one message"
                                        + " method, written with the same path text)"
                                : "")
                        + " [rule: path-clash]");
            }
            return null;
        }
        Endpoint connection = group.get(0).shape() == Shape.CONNECTION ? group.get(0) : group.get(1);
        Endpoint message = connection == group.get(0) ? group.get(1) : group.get(0);
        return new Route(first.path(), Kind.DUPLEX, connection, message);
    }

    private static Function<String, Object> converter(Class<?> type) {
        if (type == String.class) {
            return s -> s;
        }
        if (type == int.class || type == Integer.class) {
            return Integer::valueOf;
        }
        if (type == long.class || type == Long.class) {
            return Long::valueOf;
        }
        if (type == boolean.class || type == Boolean.class) {
            return s -> switch (s) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw new IllegalArgumentException();
            };
        }
        if (type == UUID.class) {
            return UUID::fromString;
        }
        if (type.isEnum()) {
            return s -> enumConstant(type, s);
        }
        return null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumConstant(Class<?> type, String name) {
        return Enum.valueOf((Class) type, name);
    }

    private static Object convert(String name, String value, Function<String, Object> converter, Class<?> type) {
        try {
            return converter.apply(value);
        } catch (RuntimeException e) {
            String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
            throw RealtimeException.badRequest(
                    "Path parameter '" + name + "' must be of type " + type.getSimpleName() + ", was '" + shown + "'");
        }
    }

    /** Collects one method's problems in the common format. */
    private final class Problems {
        final Kind kind;
        final Method method;
        int count;

        Problems(Kind kind, Method method) {
            this.kind = kind;
            this.method = method;
        }

        void add(String problem, String rule) {
            count++;
            problems.add(
                    kind.display() + " method " + Endpoint.describe(method) + ": " + problem + " [rule: " + rule + "]");
        }
    }
}
