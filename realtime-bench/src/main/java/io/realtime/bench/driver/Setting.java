package io.realtime.bench.driver;

import io.realtime.bench.load.Transport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The paragraph that opens {@code results.md} and {@code summary.md}: the machine, the variants and scenarios that
 * ran, and how each figure was obtained.
 */
final class Setting {

    private Setting() {}

    /**
     * @param results the run
     * @return how its figures were obtained, in one paragraph
     */
    static String of(Results results) {
        Plan plan = results.plan();
        Machine machine = results.machine();
        Plan.Ladder ladder = plan.ladder();
        int most = Ladder.max(ladder.latency());
        double pollRate = plan.rate(Transport.LONG_POLL, most);
        return (plan.runs() > 1
                        ? plan.runs() + " interleaved runs (every variant once per run, in an order rotated"
                                + " each run)"
                        : "One run")
                + " on " + machine.summary() + ", " + machine.date() + ". Variants: " + variants(results) + "."
                + scenarios(results)
                + " Each runs in"
                + (plan.check()
                        ? " one server JVM for the three transports (the completeness check: these figures"
                                + " are not for comparing)"
                        : " a fresh server JVM per transport")
                + " (" + String.join(" ", ServerProcess.JVM_FLAGS) + ", G1), warmed up first with up to "
                + plan.warm().rounds() + " bursts of " + plan.warm().ticks() + " ticks to "
                + Cells.count(plan.warm().clients()) + " clients, until the JIT compilers settle; the load"
                + " generator is one JVM with " + results.options().threads() + " selector threads on the same"
                + " cores, and its CPU time is measured beside the server's. Figures are medians with the lowest and"
                + " highest run in brackets; a ratio compares two variants run by run, and a claim is made only where"
                + " it holds in every run. Payload " + plan.size() + " bytes of JSON; latency is publish to receive,"
                + " measured at the client from the time the tick was due, over " + ladder.broadcasts()
                + " broadcasts at " + Cells.fmt(ladder.rate(), 0) + " per second. Long-poll runs at the same rate"
                + " while the polls it causes stay within " + Cells.fmt(ladder.pollBudget(), 0) + " requests per"
                + " second, which these cores can send and serve beside each other; beyond, the rate is lowered"
                + " (at " + Cells.count(most) + " subscribers: " + Cells.fmt(pollRate, 1) + " per second, "
                + plan.broadcasts(pollRate, ladder.broadcasts()) + " broadcasts), since every broadcast makes every"
                + " subscriber poll again. Capacity is the most subscribers whose p95 stays within "
                + plan.p95Bound().toMillis() + " ms with nothing lost, found by bisection to ±10% with "
                + ladder.capacityBroadcasts() + " broadcasts per step, up to " + Cells.count(ladder.capacityLimit())
                + " (the load generator's descriptors). Idle memory is heap and direct buffers per connection, after"
                + " full collections, over the server's idle baseline, once every connection has received a"
                + " broadcast.";
    }

    /** The variants this run measured, each said in a few words. */
    private static String variants(Results results) {
        Map<String, String> described = new LinkedHashMap<>();
        described.put("library", "the library");
        described.put(
                "strong",
                "strong, the same job written by hand as an expert would (a shared ring of pre-encoded frames, a"
                        + " single writer per connection on a pool of as many threads as cores, a stream's whole"
                        + " backlog in one write and one flush, one shared answer per publish for waiting polls)");
        described.put(
                "naive",
                "naive, written as common code is (the publishing thread sends to every subscriber, a flush per"
                        + " message)");
        described.put("atmosphere", "Atmosphere 4.0.33");
        described.put("redis", "the library on two nodes sharing topics through Redis");
        List<String> run = results.options().variants();
        return described.entrySet().stream()
                .filter(variant -> run.contains(variant.getKey()))
                .map(Map.Entry::getValue)
                .collect(Collectors.joining("; "));
    }

    /** Which scenarios ran, when not all did: the others' columns are empty, not zero. */
    private static String scenarios(Results results) {
        List<String> run = results.options().scenarios();
        if (run.containsAll(Scenarios.ALL)) {
            return "";
        }
        return " Only these scenarios ran: " + String.join(", ", run) + "; the tables show – for the others.";
    }
}
