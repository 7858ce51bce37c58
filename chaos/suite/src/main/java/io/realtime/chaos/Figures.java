package io.realtime.chaos;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a run came to, the way the report prints it, and its verdict: nothing lost, no breach of the invariant,
 * every subscriber at its topic's fence, every fault of the plan injected and undone.
 *
 * @param container the container the nodes ran, as it names itself
 * @param plan the plan
 * @param seconds how long the faults went on
 * @param published ticks the publisher was told were stored
 * @param counts what else came of publishing
 * @param tally what the subscribers saw and counted
 * @param reused acknowledgements that named an offset already acknowledged in its epoch
 * @param epochs the topics' new epochs, and those the faults do not explain
 * @param injected faults injected, by kind
 * @param faultFailures faults that could not be injected or undone
 * @param storms the storms
 * @param probes the probes of the whole run
 * @param subscribers the subscribers present at the end
 * @param behind those that did not reach their fence, with where they stopped
 * @param catchUpSeconds from the fences until every subscriber had reached them
 * @param health the nodes' health samples, when the plan asked for them
 */
record Figures(
        String container,
        Plan plan,
        double seconds,
        long published,
        PublishCounts counts,
        Tally tally,
        long reused,
        Epochs epochs,
        Map<Fault, Integer> injected,
        List<String> faultFailures,
        List<Storms.Storm> storms,
        Prober.Latency probes,
        int subscribers,
        List<String> behind,
        double catchUpSeconds,
        List<Health.Sample> health) {

    /** @return what failed; empty when the run passed */
    List<String> failures() {
        List<String> failures = new ArrayList<>();
        check(failures, tally.lost.sum() == 0, tally.lost.sum() + " events lost");
        check(failures, tally.violations.sum() == 0, tally.violations.sum() + " breaches of the invariant");
        check(failures, tally.refusedTokens.sum() == 0, tally.refusedTokens.sum() + " tab tokens refused");
        check(failures, tally.wrongData.sum() == 0, tally.wrongData.sum() + " events with the wrong data");
        check(failures, reused == 0, reused + " offsets stored twice in one epoch");
        check(failures, epochs.unexplained() == 0, epochs.unexplained() + " new epochs without a loss of history");
        check(failures, behind.isEmpty(), behind.size() + " subscribers did not reach the fence: " + behind);
        check(failures, faultFailures.isEmpty(), "faults that failed: " + faultFailures);
        check(failures, tally.deliveries.sum() > 0, "nothing was delivered");
        EnumSet<Fault> missing = EnumSet.noneOf(Fault.class);
        plan.faults().stream().filter(f -> injected.getOrDefault(f, 0) == 0).forEach(missing::add);
        check(failures, missing.isEmpty(), "faults never injected: " + missing);
        storms.stream()
                .filter(storm -> !storm.allCurrent())
                .forEach(storm -> failures.add("a storm did not end: " + storm));
        return failures;
    }

    private static void check(List<String> failures, boolean ok, String failure) {
        if (!ok) {
            failures.add(failure);
        }
    }

    /** @return the report, one figure per line, as the long command prints it */
    List<String> report() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(
                Locale.ROOT,
                "Chaos (%s) on %s: %.0f s of faults, %d subscribers (%d each on sse, websocket (half over /realtime/mux), poll), %d topics,"
                        + " %s ticks/s, faults every %.1f-%.1f s, seed %d",
                plan.name(),
                container,
                seconds,
                plan.subscribers(),
                plan.perTransport(),
                plan.topics(),
                number(plan.rate()),
                plan.minGap().toMillis() / 1000.0,
                plan.maxGap().toMillis() / 1000.0,
                plan.seed()));
        lines.add("  events published: " + number(published) + " (sent " + number(counts.sent()) + ", unknown outcome "
                + number(counts.unknown()) + ", refused " + counts.refusals() + ")");
        lines.add("  deliveries: " + number(tally.deliveries.sum()) + ", duplicates dropped: "
                + number(tally.duplicates.sum()) + ", resets: " + number(tally.resets()) + " ("
                + number(tally.epochResets.sum()) + " to a new epoch, " + number(tally.windowResets.sum())
                + " past the window, " + number(tally.needlessResets.sum()) + " while the events were retained)");
        lines.add("  lost: " + number(tally.lost.sum()) + ", wrong data: " + number(tally.wrongData.sum())
                + ", other breaches: " + number(tally.violations.sum()) + ", offsets stored twice: " + reused
                + ", tab tokens refused: " + number(tally.refusedTokens.sum()));
        lines.add("  faults: "
                + injected.entrySet().stream()
                        .map(e -> e.getKey().name().toLowerCase(Locale.ROOT) + " " + e.getValue())
                        .collect(Collectors.joining(", ")));
        lines.add("  epochs: " + epochs.created() + " new, " + epochs.unexplained() + " not explained by a Redis"
                + " restart without its data");
        for (Storms.Storm storm : storms) {
            lines.add("  storm: " + storm);
        }
        lines.add(String.format(
                Locale.ROOT,
                "  probe: %s answered, %s failed (a node down), p50 %.1f ms, p99 %.1f ms, max %.0f ms",
                number(probes.answered()),
                number(probes.failed()),
                probes.p50(),
                probes.p99(),
                probes.max()));
        lines.add(String.format(
                Locale.ROOT,
                "  fences: %d of %d subscribers current %.1f s after the last fence",
                subscribers - behind.size(),
                subscribers,
                catchUpSeconds));
        lines.add("  clients saw: " + tally.sightings());
        tally.descriptions().forEach(d -> lines.add("  ! " + d));
        faultFailures.forEach(f -> lines.add("  ! " + f));
        List<String> failures = failures();
        lines.add(failures.isEmpty() ? "  RESULT: PASS, lost 0" : "  RESULT: FAIL: " + String.join("; ", failures));
        return lines;
    }

    static String number(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    static String number(double value) {
        return value == Math.rint(value)
                ? String.format(Locale.ROOT, "%,d", (long) value)
                : String.format(Locale.ROOT, "%,.1f", value);
    }
}
