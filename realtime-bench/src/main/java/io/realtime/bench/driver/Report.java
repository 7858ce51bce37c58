package io.realtime.bench.driver;

import io.realtime.bench.load.Transport;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The Markdown tables of {@code results.md}: the targets (the library against the hand-written endpoints and
 * Atmosphere), then one table per transport with every scenario's medians and their ratio to the hand-written
 * endpoints on the same container.
 */
final class Report {

    private static final String RAW = "raw";
    private static final String LIBRARY = "library";
    private static final String ATMOSPHERE = "atmosphere";

    private final Results results;
    private final Plan plan;

    Report(Results results) {
        this.results = results;
        this.plan = results.plan();
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("# Benchmark results\n\n");
        out.append(setting()).append("\n\n");
        out.append("## Targets\n\n").append(targets()).append('\n');
        for (Transport transport : results.options().transports()) {
            out.append("## ")
                    .append(transport.label())
                    .append("\n\n")
                    .append(table(transport))
                    .append('\n');
        }
        List<String> failures = results.failures();
        if (!failures.isEmpty()) {
            out.append("## Failed scenarios\n\nA failed scenario's figures are not reported (FAILED above).\n\n");
            failures.forEach(failure -> out.append("- ").append(failure).append('\n'));
            out.append('\n');
        }
        List<String> notes = results.notes();
        if (!notes.isEmpty()) {
            out.append("## Notes\n\n");
            notes.forEach(note -> out.append("- ").append(note).append('\n'));
            out.append('\n');
        }
        return out.toString();
    }

    /** How the figures were obtained, in one paragraph. */
    String setting() {
        Machine machine = results.machine();
        int latencyTicks =
                (int) Math.max(5, Math.round(plan.rate() * plan.latencyTime().toMillis() / 1000.0));
        int pollTicks = (int)
                Math.max(5, Math.round(plan.pollRate() * plan.latencyTime().toMillis() / 1000.0));
        return (plan.runs() > 1 ? "Medians of " + plan.runs() + " runs" : "One run") + " on " + machine.summary()
                + ", " + machine.date() + ". Each variant runs in a fresh server JVM per transport ("
                + String.join(" ", ServerProcess.JVM_FLAGS)
                + ", G1); the load generator is one JVM with "
                + results.options().threads()
                + " selector threads on the same machine, so both share its cores. Payload " + plan.size()
                + " bytes of JSON; latency is publish to receive, measured at the client from a timestamp in the payload, over "
                + latencyTicks + " broadcasts at " + fmt(plan.rate(), 0) + " per second (long-poll: " + pollTicks
                + " at " + fmt(plan.pollRate(), 0) + " per second, since every broadcast makes every subscriber poll"
                + " again, and " + count(max(plan.latency())) + " subscribers at " + fmt(plan.rate(), 0)
                + " per second would need " + fmt(plan.rate() * max(plan.latency()), 0)
                + " requests per second, which these cores cannot send and serve whatever the server)"
                + " at each subscriber count. Ratios"
                + " (x) compare with the hand-written endpoints (raw) on the same container and transport; idle memory is heap"
                + " and direct buffers per connection, after full collections, over the server's idle baseline, once every"
                + " connection has received a broadcast.";
    }

    /** The library's ratios against each target, per container and transport. */
    String targets() {
        StringBuilder out = new StringBuilder();
        out.append(
                        "| container | transport | throughput vs raw (≥ 0.9x) | vs Atmosphere (≥ 1.5x) | capacity vs raw (≥ 0.9x)"
                                + " | vs Atmosphere (≥ 1.5x) | p99 vs raw at ")
                .append(latencyCounts())
                .append(" (≤ 1.1x) | idle memory over raw (≤ 4 KiB) |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        for (String container : results.options().containers()) {
            for (Transport transport : results.options().transports()) {
                String t = transport.label();
                out.append("| ")
                        .append(title(container))
                        .append(" | ")
                        .append(t)
                        .append(" | ");
                out.append(target(container, t, RAW, "throughput", 0.9, true)).append(" | ");
                out.append(target(container, t, ATMOSPHERE, "throughput", 1.5, true))
                        .append(" | ");
                out.append(target(container, t, RAW, "capacity", 0.9, true)).append(" | ");
                out.append(target(container, t, ATMOSPHERE, "capacity", 1.5, true))
                        .append(" | ");
                StringBuilder p99 = new StringBuilder();
                for (int n : plan.latency()) {
                    if (p99.length() > 0) {
                        p99.append(" / ");
                    }
                    p99.append(target(container, t, RAW, "latency.p99@" + n, 1.1, false));
                }
                out.append(p99).append(" | ");
                int idle = max(plan.idle());
                OptionalDouble over = difference(container, t, idle);
                out.append(
                                over.isPresent()
                                        ? fmt(over.getAsDouble(), 1) + " KiB " + (over.getAsDouble() <= 4 ? "✓" : "✗")
                                        : missing(container, t, "idle.heap@" + idle, RAW))
                        .append(" |\n");
            }
        }
        return out.toString();
    }

    private String table(Transport transport) {
        String t = transport.label();
        StringBuilder out = new StringBuilder();
        out.append("| container | variant | idle KiB/connection at ")
                .append(join(plan.idle()))
                .append(" | latency at ")
                .append(count(plan.latency().get(0)))
                .append(": p50 / p99 / max ms | at ")
                .append(count(plan.latency().get(1)))
                .append(" | delivered | capacity (p95 ≤ ")
                .append(plan.p95Bound().toMillis())
                .append(" ms) | throughput, deliveries/s | 1% slow readers: healthy p99 ms, heap growth MiB"
                        + " | churn: connections/s, left behind |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (String container : results.options().containers()) {
            for (String variant : results.options().variants()) {
                out.append("| ")
                        .append(title(container))
                        .append(" | ")
                        .append(variant)
                        .append(" | ");
                StringBuilder idle = new StringBuilder();
                for (int n : plan.idle()) {
                    idle.append(idle.length() > 0 ? " / " : "").append(kib(container, t, variant, n));
                }
                out.append(idle).append(" | ");
                for (int n : plan.latency()) {
                    out.append(value(container, t, variant, "latency.p50@" + n, 1, false))
                            .append(" / ")
                            .append(value(container, t, variant, "latency.p99@" + n, 1, true))
                            .append(" / ")
                            .append(value(container, t, variant, "latency.max@" + n, 0, false))
                            .append(" | ");
                }
                StringBuilder delivered = new StringBuilder();
                for (int n : plan.latency()) {
                    delivered
                            .append(delivered.length() > 0 ? " / " : "")
                            .append(percent(results.lowest(container, t, variant, "latency.delivered@" + n)));
                }
                out.append(delivered).append(" | ");
                OptionalDouble capacity = results.median(container, t, variant, "capacity");
                out.append(
                                capacity.isPresent()
                                        ? atLeast(capacity.getAsDouble())
                                        : blank(container, t, variant, "capacity"))
                        .append(ratioText(container, t, variant, "capacity"))
                        .append(" | ");
                out.append(value(container, t, variant, "throughput", 0, true)).append(" | ");
                OptionalDouble growth = results.median(container, t, variant, "stall.heap");
                out.append(value(container, t, variant, "stall.p99", 1, true))
                        .append(", ")
                        .append(
                                growth.isPresent()
                                        ? fmt(growth.getAsDouble() / (1024 * 1024), 1)
                                        : blank(container, t, variant, "stall.heap"))
                        .append(" | ");
                out.append(value(container, t, variant, "churn.rate", 0, true))
                        .append(", ")
                        .append(value(container, t, variant, "churn.left", 0, false))
                        .append(" |\n");
            }
        }
        return out.toString();
    }

    private String value(String container, String transport, String variant, String name, int decimals, boolean ratio) {
        OptionalDouble median = results.median(container, transport, variant, name);
        if (median.isEmpty()) {
            return blank(container, transport, variant, name);
        }
        return fmt(median.getAsDouble(), decimals) + (ratio ? ratioText(container, transport, variant, name) : "");
    }

    private String ratioText(String container, String transport, String variant, String name) {
        if (variant.equals(RAW)) {
            return "";
        }
        OptionalDouble ratio = ratio(container, transport, variant, RAW, name);
        return ratio.isPresent() ? " (" + fmt(ratio.getAsDouble(), 2) + "x)" : "";
    }

    private String kib(String container, String transport, String variant, int n) {
        OptionalDouble kib = idleKib(results, container, transport, variant, n);
        return kib.isPresent() ? fmt(kib.getAsDouble(), 1) : blank(container, transport, variant, "idle.heap@" + n);
    }

    /** Heap and direct memory per idle connection at {@code n}, in KiB. */
    static OptionalDouble idleKib(Results results, String container, String transport, String variant, int n) {
        OptionalDouble heap = results.median(container, transport, variant, "idle.heap@" + n);
        OptionalDouble direct = results.median(container, transport, variant, "idle.direct@" + n);
        return heap.isPresent() && direct.isPresent()
                ? OptionalDouble.of((heap.getAsDouble() + direct.getAsDouble()) / 1024)
                : OptionalDouble.empty();
    }

    /** Library's idle memory per connection minus raw's, in KiB, at {@code n}. */
    private OptionalDouble difference(String container, String transport, int n) {
        OptionalDouble library = idleKib(results, container, transport, LIBRARY, n);
        OptionalDouble raw = idleKib(results, container, transport, RAW, n);
        return library.isPresent() && raw.isPresent()
                ? OptionalDouble.of(library.getAsDouble() - raw.getAsDouble())
                : OptionalDouble.empty();
    }

    OptionalDouble ratio(String container, String transport, String variant, String other, String name) {
        OptionalDouble a = results.median(container, transport, variant, name);
        OptionalDouble b = results.median(container, transport, other, name);
        if (a.isEmpty() || b.isEmpty() || b.getAsDouble() == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(a.getAsDouble() / b.getAsDouble());
    }

    /** The library's ratio to {@code other} for one target, with whether it is met, or why there is none. */
    private String target(
            String container, String transport, String other, String name, double bound, boolean atLeast) {
        OptionalDouble ratio = ratio(container, transport, LIBRARY, other, name);
        if (ratio.isEmpty()) {
            return missing(container, transport, name, other);
        }
        double r = ratio.getAsDouble();
        boolean met = atLeast ? r >= bound : r <= bound;
        return fmt(r, 2) + "x " + (met ? "✓" : "✗");
    }

    /** Why a comparison of the library with {@code other} has no ratio. */
    private String missing(String container, String transport, String name, String other) {
        if (results.failed(container, transport, LIBRARY, name)) {
            return "library FAILED ✗";
        }
        return results.failed(container, transport, other, name) ? other + " FAILED" : "–";
    }

    /** What a cell without a figure says: FAILED when its scenario failed, a dash when it was not measured. */
    private String blank(String container, String transport, String variant, String name) {
        return results.failed(container, transport, variant, name) ? "FAILED" : "–";
    }

    private String atLeast(double capacity) {
        boolean top = capacity >= max(plan.ladder());
        return (top ? "≥ " : "") + count((int) capacity);
    }

    private String latencyCounts() {
        return join(plan.latency());
    }

    private static String percent(OptionalDouble fraction) {
        if (fraction.isEmpty()) {
            return "–";
        }
        double f = fraction.getAsDouble();
        return f >= 1 ? "100%" : fmt(Math.floor(f * 10_000) / 100, 2) + "%";
    }

    private static String join(List<Integer> counts) {
        StringBuilder out = new StringBuilder();
        for (int n : counts) {
            out.append(out.length() > 0 ? " / " : "").append(count(n));
        }
        return out.toString();
    }

    static String count(int n) {
        return n >= 1000 && n % 1000 == 0
                ? n / 1000 + "k"
                : n % 500 == 0 && n > 1000 ? fmt(n / 1000.0, 1) + "k" : String.valueOf(n);
    }

    static String title(String container) {
        return container.substring(0, 1).toUpperCase(Locale.ROOT) + container.substring(1);
    }

    static String fmt(double value, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    private static int max(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).max().orElse(0);
    }
}
