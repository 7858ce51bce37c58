package io.realtime.chaos;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The soak's verdict and table: whether each node's heap after a full collection, threads and open file
 * descriptors stay flat while clients come and go. Flat means that the mean of the last third of the samples is
 * at most 10% (plus a small margin: 8 MiB, 8 threads, 20 descriptors) above the mean of the middle third; the
 * first third is the warm-up. The figures behind it are printed, and charted by {@link SoakChart}.
 */
final class Soak {

    /** One measure of a sample, with its name, unit and margin. */
    record Measure(String name, String unit, double margin, ToDoubleFunction<Health.Sample> value) {}

    static final List<Measure> MEASURES = List.of(
            new Measure("heap after GC", "MiB", 8, s -> s.heap() / (1024.0 * 1024.0)),
            new Measure("threads", "", 8, Health.Sample::threads),
            new Measure("file descriptors", "", 20, Health.Sample::descriptors));

    private Soak() {}

    /** @return whether every measure of every node is flat; true without samples */
    static boolean flat(List<Health.Sample> samples) {
        return verdicts(samples).stream().allMatch(Verdict::flat);
    }

    /** @return the table of samples and the verdicts, as lines */
    static List<String> report(List<Health.Sample> samples) {
        List<String> lines = new ArrayList<>();
        lines.add("  soak samples: minute, node, heap after GC MiB, threads, descriptors, connections, tabs");
        for (Health.Sample s : samples) {
            lines.add(String.format(
                    Locale.ROOT,
                    "    %6.1f %s %8.1f %5d %6d %6d %6d",
                    s.seconds() / 60,
                    s.node(),
                    s.heap() / (1024.0 * 1024.0),
                    s.threads(),
                    s.descriptors(),
                    s.connections(),
                    s.tabs()));
        }
        for (Verdict verdict : verdicts(samples)) {
            lines.add(String.format(
                    Locale.ROOT,
                    "  soak %s %s: middle third %.1f%s, last third %.1f%s: %s",
                    verdict.node(),
                    verdict.measure().name(),
                    verdict.middle(),
                    verdict.measure().unit(),
                    verdict.last(),
                    verdict.measure().unit(),
                    verdict.flat() ? "flat" : "GROWS"));
        }
        return lines;
    }

    static void chart(List<Health.Sample> samples, Path file) throws IOException {
        new SoakChart(samples, MEASURES).write(file);
    }

    /** One node's measure over the soak. */
    record Verdict(String node, Measure measure, double middle, double last) {
        boolean flat() {
            return last <= middle * 1.1 + measure.margin();
        }
    }

    static List<Verdict> verdicts(List<Health.Sample> samples) {
        List<Verdict> verdicts = new ArrayList<>();
        for (String node :
                samples.stream().map(Health.Sample::node).distinct().sorted().toList()) {
            List<Health.Sample> mine =
                    samples.stream().filter(s -> s.node().equals(node)).toList();
            if (mine.size() < 3) {
                continue;
            }
            int third = mine.size() / 3;
            for (Measure measure : MEASURES) {
                verdicts.add(new Verdict(
                        node,
                        measure,
                        mean(mine.subList(third, 2 * third), measure),
                        mean(mine.subList(2 * third, mine.size()), measure)));
            }
        }
        return verdicts;
    }

    private static double mean(List<Health.Sample> samples, Measure measure) {
        return samples.stream().mapToDouble(measure.value()).average().orElse(0);
    }
}
