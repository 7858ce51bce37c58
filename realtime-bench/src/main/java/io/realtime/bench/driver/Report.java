package io.realtime.bench.driver;

import io.realtime.bench.load.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The Markdown of {@code results.md}: how the figures were obtained, the library's targets against the strong
 * hand-written variant, the comparisons that hold in every run, one table per transport, the other scenarios'
 * tables ({@link ScenarioTables}), and what failed.
 */
final class Report {

    static final String STRONG = "strong";
    static final String LIBRARY = "library";

    private final Results results;
    private final Plan plan;
    private final Lookup cells;
    private final ScenarioTables scenarios;

    Report(Results results) {
        this.results = results;
        this.plan = results.plan();
        this.cells = new Lookup(results);
        this.scenarios = new ScenarioTables(results, cells);
    }

    String markdown() {
        StringBuilder out = new StringBuilder("# Benchmark results\n\n");
        out.append(Setting.of(results)).append("\n\n");
        out.append("## Targets: the library against the strong hand-written variant\n\n")
                .append(targetsNote())
                .append("\n\n")
                .append(targets())
                .append('\n');
        out.append("## Comparisons that hold in every run\n\n").append(claims()).append('\n');
        for (Transport transport : results.options().transports()) {
            out.append("## ")
                    .append(transport.label())
                    .append("\n\n")
                    .append(table(transport))
                    .append('\n');
        }
        out.append(scenarios.markdown());
        section(
                out,
                "## Failed scenarios\n\nA failed scenario's figures are not reported (FAILED above).\n\n",
                results.failures());
        section(out, "## Notes\n\n", results.notes());
        return out.toString();
    }

    /** The README's Performance section, from the same figures: the targets and the claims that hold. */
    String summary() {
        return Setting.of(results) + "\n\n" + targets() + "\n" + claims();
    }

    private static void section(StringBuilder out, String head, List<String> lines) {
        if (!lines.isEmpty()) {
            out.append(head);
            lines.forEach(line -> out.append("- ").append(line).append('\n'));
            out.append('\n');
        }
    }

    private String targetsNote() {
        return "Ratios are the library's figure over strong's, run by run: ✓ the target is met in every run, ✗ missed"
                + " in every run, ≈ within noise (met in some runs only). CPU per delivery is the server's process CPU"
                + " time over the deliveries, in the back-to-back burst and at "
                + Cells.count(plan.ladder().latency().get(0))
                + " subscribers.";
    }

    /** The library's ratios against strong for each target, per container and transport. */
    String targets() {
        List<Integer> counts = plan.ladder().latency();
        int idle = Ladder.max(plan.ladder().idle());
        StringBuilder out =
                new StringBuilder("| container | transport | throughput (≥ 0.9x) | capacity (≥ 0.9x) | p99 at "
                        + Cells.counts(counts) + " (≤ 1.1x) | idle memory over strong at " + Cells.count(idle)
                        + " (≤ 4 KiB) | server CPU per delivery, burst / at " + Cells.count(counts.get(0))
                        + " (≤ 1.1x) |\n|---|---|---|---|---|---|---|\n");
        for (String container : results.options().containers()) {
            for (Transport transport : results.options().transports()) {
                String t = transport.label();
                List<String> p99 = new ArrayList<>();
                counts.forEach(n -> p99.add(target(container, t, "latency.p99@" + n, 1.1, false)));
                out.append("| ")
                        .append(Cells.title(container))
                        .append(" | ")
                        .append(t)
                        .append(" | ")
                        .append(target(container, t, "throughput", 0.9, true))
                        .append(" | ")
                        .append(target(container, t, "capacity", 0.9, true))
                        .append(" | ")
                        .append(String.join(" / ", p99))
                        .append(" | ")
                        .append(idleOver(container, t, idle))
                        .append(" | ")
                        .append(target(container, t, "throughput.cpu", 1.1, false))
                        .append(" / ")
                        .append(target(container, t, "latency.cpu@" + counts.get(0), 1.1, false))
                        .append(" |\n");
            }
        }
        return out.toString();
    }

    private String target(String container, String transport, String name, double bound, boolean atLeast) {
        Optional<Spread> ratio = results.ratios(container, transport, LIBRARY, STRONG, name);
        return ratio.map(r -> Cells.target(r, bound, atLeast)).orElseGet(() -> missing(container, transport, name));
    }

    /** The library's idle memory per connection minus strong's, run by run, in KiB. */
    private String idleOver(String container, String transport, int n) {
        List<Double> differences = new ArrayList<>();
        for (int run = 1; run <= plan.runs(); run++) {
            OptionalDouble library = results.idleKib(container, transport, LIBRARY, n, run);
            OptionalDouble strong = results.idleKib(container, transport, STRONG, n, run);
            if (library.isEmpty() || strong.isEmpty()) {
                return missing(container, transport, "idle.heap@" + n);
            }
            differences.add(library.getAsDouble() - strong.getAsDouble());
        }
        Spread spread = Spread.of(differences).orElseThrow();
        String verdict = spread.allAtMost(4) ? "✓" : spread.min() > 4 ? "✗" : "≈";
        return Cells.spread(Optional.of(spread), 1) + " KiB " + verdict;
    }

    /** Why a comparison of the library with strong has no ratio. */
    private String missing(String container, String transport, String name) {
        if (results.failed(container, transport, LIBRARY, name)) {
            return "library FAILED ✗";
        }
        return results.failed(container, transport, STRONG, name) ? "strong FAILED" : "–";
    }

    /** Per container and transport, the library against each other variant where the runs agree. */
    String claims() {
        StringBuilder out = new StringBuilder();
        String at = "@" + plan.ladder().latency().get(0);
        for (String container : results.options().containers()) {
            for (Transport transport : results.options().transports()) {
                String t = transport.label();
                for (String other : results.options().variants()) {
                    if (other.equals(LIBRARY) || other.equals("redis")) {
                        continue;
                    }
                    List<String> parts = new ArrayList<>();
                    claim(parts, container, t, other, "throughput", "throughput", true);
                    claim(
                            parts,
                            container,
                            t,
                            other,
                            "latency.p99" + at,
                            "p99 at " + Cells.count(plan.ladder().latency().get(0)),
                            false);
                    claim(parts, container, t, other, "throughput.cpu", "server CPU per delivery", false);
                    if (!parts.isEmpty()) {
                        out.append("- ")
                                .append(Cells.title(container))
                                .append(", ")
                                .append(t)
                                .append(", library against ")
                                .append(other)
                                .append(": ")
                                .append(String.join("; ", parts))
                                .append(".\n");
                    }
                }
            }
        }
        return out.toString();
    }

    private void claim(
            List<String> parts,
            String container,
            String transport,
            String other,
            String name,
            String what,
            boolean higherIsBetter) {
        results.ratios(container, transport, LIBRARY, other, name)
                .ifPresent(ratio -> parts.add(what + " " + Cells.claim(ratio, higherIsBetter)));
    }

    private String table(Transport transport) {
        String t = transport.label();
        List<Integer> counts = plan.ladder().latency();
        int most = Ladder.max(plan.ladder().idle());
        StringBuilder out = new StringBuilder("| container | variant | idle KiB/connection at "
                + Cells.counts(plan.ladder().idle()) + " | resident KiB/connection at " + Cells.count(most)
                + " | p50 / p99 ms at " + Cells.count(counts.get(0)) + " | p99 ms at "
                + Cells.count(counts.get(counts.size() - 1)) + " | capacity | throughput, deliveries/s"
                + " | µs per delivery in the burst: server / generator | deliveries per client read in the burst"
                + " | server µs per delivery at "
                + Cells.count(counts.get(0)) + " | 1% slow readers: healthy p99 ms, heap MiB"
                + " | churn: connections/s, left behind |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (String container : results.options().containers()) {
            for (String variant : results.options().variants()) {
                if (variant.equals("redis")) {
                    continue;
                }
                List<String> idle = new ArrayList<>();
                plan.ladder().idle().forEach(n -> idle.add(kib(container, t, variant, n)));
                String first = "@" + counts.get(0);
                String last = "@" + counts.get(counts.size() - 1);
                out.append("| ")
                        .append(Cells.title(container))
                        .append(" | ")
                        .append(variant)
                        .append(" | ")
                        .append(String.join(" / ", idle))
                        .append(" | ")
                        .append(cells.scaled(container, t, variant, "idle.rss@" + most, 1 / 1024.0, 1))
                        .append(" | ")
                        .append(cells.median(container, t, variant, "latency.p50" + first, 1))
                        .append(" / ")
                        .append(cells.spread(container, t, variant, "latency.p99" + first, 1))
                        .append(" | ")
                        .append(cells.spread(container, t, variant, "latency.p99" + last, 1))
                        .append(" | ")
                        .append(capacity(container, t, variant))
                        .append(" | ")
                        .append(cells.spread(container, t, variant, "throughput", 0))
                        .append(" | ")
                        .append(cells.median(container, t, variant, "throughput.cpu", 2))
                        .append(" / ")
                        .append(cells.median(container, t, variant, "throughput.loadcpu", 2))
                        .append(" | ")
                        .append(cells.median(container, t, variant, "throughput.perread", 1))
                        .append(" | ")
                        .append(cells.spread(container, t, variant, "latency.cpu" + first, 2))
                        .append(" | ")
                        .append(cells.median(container, t, variant, "stall.p99", 1))
                        .append(", ")
                        .append(cells.scaled(container, t, variant, "stall.heap", 1 / (1024.0 * 1024), 1))
                        .append(" | ")
                        .append(cells.median(container, t, variant, "churn.rate", 0))
                        .append(", ")
                        .append(cells.median(container, t, variant, "churn.left", 0))
                        .append(" |\n");
            }
        }
        return out.toString();
    }

    private String capacity(String container, String transport, String variant) {
        OptionalDouble capacity = results.median(container, transport, variant, "capacity");
        if (capacity.isEmpty()) {
            return cells.blank(container, transport, variant, "capacity");
        }
        OptionalDouble upper = results.median(container, transport, variant, "capacity.upper");
        boolean open = upper.isPresent() && upper.getAsDouble() == 0;
        return (open ? "≥ " : "") + Cells.count((int) capacity.getAsDouble());
    }

    private String kib(String container, String transport, String variant, int n) {
        Optional<Spread> kib = results.idleKib(container, transport, variant, n);
        return kib.isPresent()
                ? Cells.fmt(kib.get().median(), 1)
                : cells.blank(container, transport, variant, "idle.heap@" + n);
    }
}
