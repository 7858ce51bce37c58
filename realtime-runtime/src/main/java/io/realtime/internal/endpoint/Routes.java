package io.realtime.internal.endpoint;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The application's routes, tried literal-first. */
public final class Routes {

    /** A route and the path parameters of the request that matched it. */
    public record Match(Route route, Map<String, String> parameters) {}

    private final List<Route> routes;

    Routes(List<Route> routes) {
        List<Route> sorted = new ArrayList<>(routes);
        sorted.sort((a, b) -> a.path().precedence(b.path()));
        this.routes = List.copyOf(sorted);
    }

    /**
     * Finds the route for a request path.
     *
     * @param path the context-relative path, still percent-encoded
     * @return the match, or empty
     */
    public Optional<Match> match(String path) {
        for (Route route : routes) {
            Optional<Map<String, String>> parameters = route.path().match(path);
            if (parameters.isPresent()) {
                return Optional.of(new Match(route, parameters.get()));
            }
        }
        return Optional.empty();
    }

    public List<Route> all() {
        return routes;
    }

    /** @return the servlet mappings that reach every route */
    public Set<String> servletPatterns() {
        Set<String> patterns = new LinkedHashSet<>();
        routes.forEach(route -> patterns.add(route.path().servletPattern()));
        return patterns;
    }
}
