package io.realtime.bench.driver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Every run's figures, their medians, and the files written from them: {@code figures.json} (everything
 * measured), {@code results.md} (the tables) and the charts.
 */
final class Results {

    private static final String ATMOSPHERE_LOSSES =
            "known Atmosphere defect: polls or streams left unanswered past the patience, see the README";

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
     */
    OptionalDouble median(String container, String transport, String variant, String name) {
        return spread(container, transport, variant, name)
                .map(spread -> OptionalDouble.of(spread.median()))
                .orElse(OptionalDouble.empty());
    }

    /**
     * A figure's lowest, middle and highest value over runs, or empty when no run measured it or when any run
     * failed its scenario.
     */
    java.util.Optional<Spread> spread(String container, String transport, String variant, String name) {
        List<Double> values = new ArrayList<>();
        for (Figures run : runs(container, transport, variant)) {
            if (run.failed(name)) {
                return java.util.Optional.empty();
            }
            if (run.values().containsKey(name)) {
                values.add(run.values().get(name));
            }
        }
        return Spread.of(values);
    }

    /**
     * The ratio of {@code variant}'s figure to {@code other}'s, run by run (each run measured both on the same
     * machine within minutes of each other), as a spread over runs; empty when either failed in any run.
     */
    java.util.Optional<Spread> ratios(String container, String transport, String variant, String other, String name) {
        List<Double> values = new ArrayList<>();
        for (Figures run : runs(container, transport, variant)) {
            Figures paired = runs(container, transport, other).stream()
                    .filter(candidate -> candidate.run() == run.run())
                    .findFirst()
                    .orElse(null);
            if (paired == null || run.failed(name) || paired.failed(name)) {
                return java.util.Optional.empty();
            }
            Double a = run.values().get(name);
            Double b = paired.values().get(name);
            if (a != null && b != null && b != 0) {
                values.add(a / b);
            }
        }
        return Spread.of(values);
    }

    /** Heap and direct memory per idle connection at {@code n} in one run, in KiB; empty if not measured. */
    OptionalDouble idleKib(String container, String transport, String variant, int n, int run) {
        for (Figures figures : runs(container, transport, variant)) {
            if (figures.run() == run && !figures.failed("idle.heap@" + n)) {
                Double heap = figures.values().get("idle.heap@" + n);
                Double direct = figures.values().get("idle.direct@" + n);
                if (heap != null && direct != null) {
                    return OptionalDouble.of((heap + direct) / 1024);
                }
            }
        }
        return OptionalDouble.empty();
    }

    /** Heap and direct memory per idle connection at {@code n}, in KiB, over runs. */
    java.util.Optional<Spread> idleKib(String container, String transport, String variant, int n) {
        if (failed(container, transport, variant, "idle.heap@" + n)) {
            return java.util.Optional.empty();
        }
        List<Double> values = new ArrayList<>();
        for (Figures figures : runs(container, transport, variant)) {
            idleKib(container, transport, variant, n, figures.run()).ifPresent(values::add);
        }
        return Spread.of(values);
    }

    /** Whether a figure of any run marks the load generator as saturated. */
    boolean saturated(String container, String transport, String variant, String name) {
        int at = name.indexOf('@');
        int dot = name.lastIndexOf('.', at < 0 ? name.length() : at);
        String flag = (dot < 0 ? name : name.substring(0, dot)) + ".saturated" + (at < 0 ? "" : name.substring(at));
        return runs(container, transport, variant).stream()
                .anyMatch(run -> run.values().containsKey(flag));
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
     * Atmosphere 4 leaves some clients unanswered: a long-poll that comes back while Atmosphere is still
     * unregistering the previous poll of the same tracking id (it completes the answer before it unregisters, and
     * the unregistering then removes the fresh poll; the "Duplicate resource" message it logs is at debug level),
     * which its heartbeat answers after 60 s, and now and then over Server-Sent Events on Tomcat a stream that
     * connects without joining the broadcaster; its broadcaster also keeps departed subscribers for a while after
     * their clients left. The bench waits the plan's patience (seconds), not a minute, so it counts such
     * deliveries as lost; for a user they are a stall of a minute or more. Those scenarios are reported as failed,
     * and their figures left out, but a build must not fail because of another project's defect. Nothing else of
     * Atmosphere's is excused, and nothing of this library or of the hand-written variants.
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
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(
                        directory.resolve(Checkpoint.FILE).toFile(),
                        Checkpoint.document(machine, plan, options, figures));
        Report report = new Report(this);
        Files.writeString(directory.resolve("results.md"), report.markdown(), StandardCharsets.UTF_8);
        Files.writeString(directory.resolve("summary.md"), report.summary(), StandardCharsets.UTF_8);
        new Charts(this).write(directory);
    }
}
