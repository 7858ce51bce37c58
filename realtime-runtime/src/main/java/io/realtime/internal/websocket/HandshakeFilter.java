package io.realtime.internal.websocket;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * The filter the runtime registers on its endpoints' paths, ahead of the container's WebSocket upgrade, which
 * hands each request to the {@link HandshakeGate} of the runtime running in its context now, or on to the chain
 * when none runs. It is registered by class and finds the gate per request, for the reason {@code RealtimeServlet}
 * does: Jetty keeps a filter added while a context started across a restart in place, possibly as the class of the
 * earlier start's class loader, so the gate travels as the container's own {@link Filter} type. (After such a
 * restart Jetty puts its own upgrade filter in front of this one again: see docs/security.md.)
 */
public final class HandshakeFilter implements Filter {

    /** The servlet context attribute holding the running runtime's {@link HandshakeGate}. */
    public static final String GATE = "io.realtime.handshakeGate";

    private static final String NAME = "io.realtime.handshakes";

    /** Created by the container. */
    public HandshakeFilter() {}

    /**
     * Registers the filter on {@code patterns}, before the filters the application declares, or adds the patterns
     * a registration of an earlier start of this context lacks.
     *
     * @param patterns the servlet patterns of the endpoints and of shared connections
     * @return what stands in the way of the registration, if something does
     */
    public static Optional<String> register(ServletContext context, Collection<String> patterns) {
        FilterRegistration.Dynamic added = context.addFilter(NAME, HandshakeFilter.class);
        FilterRegistration registration = added != null ? added : context.getFilterRegistration(NAME);
        if (registration == null || !HandshakeFilter.class.getName().equals(registration.getClassName())) {
            return Optional.of(
                    "A filter named '" + NAME + "' already exists in context '" + context.getContextPath() + "'");
        }
        if (added != null) {
            added.setAsyncSupported(true);
        }
        Collection<String> mapped = registration.getUrlPatternMappings();
        List<String> missing =
                patterns.stream().filter(pattern -> !mapped.contains(pattern)).toList();
        if (!missing.isEmpty()) {
            // Before the application's filters, and before the containers' upgrade filters: Tomcat and Undertow run
            // theirs after the application's (the conformance suite shows it on each); Jetty puts its own first at
            // startup, and this one, mapped later as the first of the application's, goes in front of it
            // (docs/security.md, "WebSocket handshakes").
            registration.addMappingForUrlPatterns(
                    EnumSet.of(DispatcherType.REQUEST), false, missing.toArray(String[]::new));
        }
        return Optional.empty();
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getServletContext().getAttribute(GATE) instanceof Filter gate) {
            gate.doFilter(request, response, chain);
        } else {
            chain.doFilter(request, response);
        }
    }
}
