package io.realtime.conformance;

import io.realtime.runtime.RealtimeStats;
import io.realtime.testing.ContainerServer;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * What an application holds in the JVM and its container, for checks that a redeployment leaves nothing behind:
 * the server's threads (the test's own clients excluded), the runtime's own threads, the endpoints on the
 * WebSocket container, the servlets and context attributes, and the runtime's statistics.
 *
 * @param threads live threads, except the JDK client's and the recorders' on the test's side
 * @param runtimeThreads live threads the runtime started ({@code realtime-*})
 * @param webSocketEndpoints endpoints on the application's {@code ServerContainer}
 * @param servlets servlet registrations of the application
 * @param attributes servlet context attributes
 * @param stats the runtime's statistics, or {@code null} when it does not run
 */
record Footprint(
        int threads, int runtimeThreads, int webSocketEndpoints, int servlets, int attributes, RealtimeStats stats) {

    /** Threads of the test's side of the wire, which are no business of the server. */
    private static final List<String> CLIENT_THREADS =
            List.of("HttpClient-", "sse-recorder", "poll-recorder", "ForkJoinPool.commonPool-");

    static Footprint of(ContainerServer server) {
        return new Footprint(
                serverThreadNames().size(),
                runtimeThreadNames().size(),
                server.webSocketEndpoints(),
                server.servletContext().getServletRegistrations().size(),
                Collections.list(server.servletContext().getAttributeNames()).size(),
                server.stats());
    }

    static Set<String> runtimeThreadNames() {
        return names(name -> name.startsWith("realtime-"));
    }

    static Set<String> serverThreadNames() {
        return names(name -> CLIENT_THREADS.stream().noneMatch(name::startsWith));
    }

    /** The same registrations and runtime state, and no more threads. */
    boolean within(Footprint start) {
        return threads <= start.threads
                && runtimeThreads <= start.runtimeThreads
                && webSocketEndpoints == start.webSocketEndpoints
                && servlets == start.servlets
                && attributes == start.attributes
                && stats.equals(start.stats);
    }

    private static Set<String> names(java.util.function.Predicate<String> wanted) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(wanted)
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }
}
