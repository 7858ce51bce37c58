package io.realtime.bench.driver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Every run's figures, their medians, and the files written from them: {@code figures.json} (everything
 * measured), {@code results.md} (the tables) and the charts.
 */
final class Results {

    private static final String ATMOSPHERE_LOSSES = "known Atmosphere defect";

    private final Machine machine;
    private final Plan plan;
    private final Options options;
    private final List<Figures> figures;

    Results(Machine machine, Plan plan, Options options, List<Figures> figures) {
        this.machine = machine;
        this.plan = plan;
        this.options = options;
        this.figures = figures;
    }

    Machine machine() {
        return machine;
    }

    Plan plan() {
        return plan;
    }

    Options options() {
        return options;
    }

    /**
     * The median over runs of one figure, or empty when no run measured it or when any run failed the scenario
     * it belongs to: a figure from a failed scenario is never a result.
     *
     * @param container the container
     * @param transport the transport's label
     * @param variant the variant
     * @param name the figure
     */
    OptionalDouble median(String container, String transport, String variant, String name) {
        List<Double> values = new ArrayList<>();
        for (Figures run : runs(container, transport, variant)) {
            if (run.failed(name)) {
                return OptionalDouble.empty();
            }
            if (run.values().containsKey(name)) {
                values.add(run.values().get(name));
            }
        }
        if (values.isEmpty()) {
            return OptionalDouble.empty();
        }
        values.sort(Double::compare);
        int middle = values.size() / 2;
        return OptionalDouble.of(
                values.size() % 2 == 1 ? values.get(middle) : (values.get(middle - 1) + values.get(middle)) / 2);
    }

    /** The lowest value of a figure over runs, failed or not (how much was delivered, for instance). */
    OptionalDouble lowest(String container, String transport, String variant, String name) {
        return runs(container, transport, variant).stream()
                .filter(run -> run.values().containsKey(name))
                .mapToDouble(run -> run.values().get(name))
                .min();
    }

    /** Whether any run failed the scenario that figure {@code name} belongs to. */
    boolean failed(String container, String transport, String variant, String name) {
        return runs(container, transport, variant).stream().anyMatch(run -> run.failed(name));
    }

    /** Every failed scenario of every run, each naming its run, container, transport and variant. */
    List<String> failures() {
        List<String> all = new ArrayList<>();
        for (Figures run : figures) {
            run.failures()
                    .forEach((scenario, failure) -> all.add(name(run) + scenario + ": " + failure.text()
                            + (knownDefect(run, failure) ? " [" + ATMOSPHERE_LOSSES + "]" : "")));
        }
        return all;
    }

    /**
     * The failures that make the benchmark exit with status 1: all of them but those of
     * {@link #knownDefect known defects} of other projects, which are reported the same way.
     */
    List<String> blocking() {
        List<String> all = new ArrayList<>();
        for (Figures run : figures) {
            run.failures().forEach((scenario, failure) -> {
                if (!knownDefect(run, failure)) {
                    all.add(name(run) + scenario + ": " + failure.text());
                }
            });
        }
        return all;
    }

    /** What is worth knowing but failed nothing. */
    List<String> notes() {
        List<String> all = new ArrayList<>();
        for (Figures run : figures) {
            run.notes().forEach(note -> all.add(name(run) + note));
        }
        return all;
    }

    /**
     * Atmosphere 4 loses deliveries now and then, and its long-poll always: when a client polls again at once,
     * as atmosphere.js does by default, the new poll can arrive while the broadcaster still holds the previous
     * one for the same tracking id; Atmosphere logs "Duplicate resource ... Replacing the old one with the fresh
     * one", and from then on that client's polls are not answered (on both containers, with and without
     * keep-alive). Over Server-Sent Events on Tomcat, a stream now and then connects but never joins the
     * broadcaster (the server counts one subscriber fewer than connected), and receives nothing; and its
     * broadcaster keeps departed subscribers for a while after their clients left. Those scenarios
     * are reported as failed, and their figures are left out, but a build must not fail because of another
     * project's defect. Nothing else of Atmosphere's is excused, and nothing of this library or of the
     * hand-written endpoints.
     */
    private static boolean knownDefect(Figures run, Figures.Failure failure) {
        return run.variant().equals("atmosphere") && failure.lost();
    }

    private List<Figures> runs(String container, String transport, String variant) {
        return figures.stream()
                .filter(run -> run.container().equals(container)
                        && run.transport().equals(transport)
                        && run.variant().equals(variant))
                .toList();
    }

    private static String name(Figures run) {
        return "run " + run.run() + " " + run.key() + ": ";
    }

    void write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("machine", machine);
        document.put("plan", plan.toString());
        document.put("runs", figures);
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(directory.resolve("figures.json").toFile(), document);
        Files.writeString(directory.resolve("results.md"), new Report(this).markdown(), StandardCharsets.UTF_8);
        new Charts(this).write(directory);
    }
}
