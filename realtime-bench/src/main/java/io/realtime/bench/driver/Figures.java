package io.realtime.bench.driver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run measured for one container, variant and transport: named figures (see {@link Scenarios} for
 * the names); the problems, where a scenario could not run (the server did not start or stopped answering, no
 * client could connect); and the shortfalls, where it ran but not everything came through (a client that did
 * not connect, a delivery that did not come, a subscriber left behind).
 *
 * @param container {@code jetty} or {@code tomcat}
 * @param variant {@code library}, {@code raw} or {@code atmosphere}
 * @param transport the transport's label
 * @param run 1, 2, 3...
 * @param values the figures, in the order measured
 * @param problems what could not run, in words
 * @param shortfalls what ran but fell short, in words
 */
record Figures(
        String container,
        String variant,
        String transport,
        int run,
        Map<String, Double> values,
        List<String> problems,
        List<String> shortfalls) {

    Figures(String container, String variant, String transport, int run) {
        this(container, variant, transport, run, new LinkedHashMap<>(), new ArrayList<>(), new ArrayList<>());
    }

    void put(String name, double value) {
        values.put(name, value);
    }

    void problem(String text) {
        problems.add(text);
    }

    void shortfall(String text) {
        shortfalls.add(text);
    }

    String key() {
        return container + "/" + transport + "/" + variant;
    }
}
