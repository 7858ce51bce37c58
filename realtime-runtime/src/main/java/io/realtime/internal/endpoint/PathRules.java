package io.realtime.internal.endpoint;

import io.realtime.Duplex;
import io.realtime.Push;
import io.realtime.Stream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of endpoint paths: each is a valid template ({@code path-syntax}), and no two endpoints serve the same
 * path, except a {@code @Duplex} connection method and message method written with the same text
 * ({@code path-clash}).
 */
final class PathRules {

    private PathRules() {}

    /** @return the method's path template, or {@code null} after reporting why it is not one */
    static PathTemplate template(Method method, Kind kind, Problems.OfMethod report) {
        String path = pathOf(method, kind);
        try {
            return PathTemplate.parse(path);
        } catch (IllegalArgumentException e) {
            report.add("path \"" + path + "\" " + e.getMessage(), "path-syntax");
            return null;
        }
    }

    private static String pathOf(Method method, Kind kind) {
        Annotation annotation = method.getAnnotation(kind.annotation());
        if (annotation instanceof Push push) {
            return push.value();
        }
        if (annotation instanceof Stream stream) {
            return stream.value();
        }
        return ((Duplex) annotation).value();
    }

    /** @return one route per path; endpoints whose path another already serves are reported instead */
    static Routes group(List<Endpoint> endpoints, Problems problems) {
        Map<String, List<Endpoint>> byShape = new LinkedHashMap<>();
        for (Endpoint endpoint : endpoints) {
            byShape.computeIfAbsent(endpoint.path().shape(), s -> new ArrayList<>())
                    .add(endpoint);
        }
        List<Route> routes = new ArrayList<>();
        for (List<Endpoint> group : byShape.values()) {
            Route route = route(group, problems);
            if (route != null) {
                routes.add(route);
            }
        }
        return new Routes(routes);
    }

    private static Route route(List<Endpoint> group, Problems problems) {
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
                problems.of(
                        endpoint,
                        "path \"" + endpoint.path() + "\" is already served by " + first.describe()
                                + (endpoint.kind() == Kind.DUPLEX && first.kind() == Kind.DUPLEX
                                        ? " (one path holds at most one @Duplex connection method and one"
                                                + " message method, written with the same path text)"
                                        : ""),
                        "path-clash");
            }
            return null;
        }
        Endpoint connection = group.get(0).shape() == Shape.CONNECTION ? group.get(0) : group.get(1);
        Endpoint message = connection == group.get(0) ? group.get(1) : group.get(0);
        return new Route(first.path(), Kind.DUPLEX, connection, message);
    }
}
