package io.realtime.bench.driver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run measured for one container, variant and transport: named figures (see {@link Scenarios} for
 * the names), the scenarios that failed, and notes.
 *
 * <p>A scenario fails when it could not run (the server did not start or stopped answering, clients could not
 * connect), when a delivery it waited for did not come, when something was left behind, or when a figure it
 * should have produced is missing or empty. A failed scenario's figures stay in {@code figures.json} for
 * diagnosis but are never reported as results: the tables say FAILED and the medians leave them out.
 *
 * @param container {@code jetty} or {@code tomcat}
 * @param variant {@code library}, {@code strong}, {@code naive}, {@code atmosphere} or {@code redis}
 * @param transport the transport's label
 * @param run 1, 2, 3...
 * @param values the figures, in the order measured
 * @param failures why each failed scenario failed, by scenario (see {@link #scenario(String)})
 * @param notes what is worth knowing but is not a failure (a server that counted fewer subscribers than
 *     connected while every delivery came)
 */
record Figures(
        String container,
        String variant,
        String transport,
        int run,
        Map<String, Double> values,
        Map<String, Failure> failures,
        List<String> notes) {

    /**
     * Why a scenario failed.
     *
     * @param text what happened, in words
     * @param lost whether deliveries were lost or subscribers left behind (as opposed to a scenario that could not
     *     run at all)
     */
    record Failure(String text, boolean lost) {}

    Figures(String container, String variant, String transport, int run) {
        this(container, variant, transport, run, new LinkedHashMap<>(), new LinkedHashMap<>(), new ArrayList<>());
    }

    void put(String name, double value) {
        values.put(name, value);
    }

    /** Fails a scenario that lost deliveries or left something behind; the first reason is kept. */
    void lost(String scenario, String text) {
        failures.putIfAbsent(scenario, new Failure(text, true));
    }

    /** Fails a scenario that could not run or did not produce its figures; the first reason is kept. */
    void failed(String scenario, String text) {
        failures.putIfAbsent(scenario, new Failure(text, false));
    }

    void note(String text) {
        notes.add(text);
    }

    /** Whether the scenario that produces figure {@code name} failed in this run. */
    boolean failed(String name) {
        return failures.containsKey(scenario(name));
    }

    String key() {
        return container + "/" + transport + "/" + variant;
    }

    /**
     * The scenario a figure belongs to: its name up to the first dot, with the subscriber count if it has one
     * ({@code latency.p99@10000} belongs to {@code latency@10000}, {@code stall.heap} to {@code stall}).
     */
    static String scenario(String name) {
        int dot = name.indexOf('.');
        int at = name.indexOf('@');
        String head = dot < 0 ? (at < 0 ? name : name.substring(0, at)) : name.substring(0, dot);
        return at < 0 ? head : head + name.substring(at);
    }
}
