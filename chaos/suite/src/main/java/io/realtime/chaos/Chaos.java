package io.realtime.chaos;

import io.realtime.testing.Container;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The long commands (see {@code chaos/run}): {@code Chaos <long|short|storm|soak> [--subscribers N] [--minutes M]
 * [--seed S] [--out DIR]}. Runs the plan on the container of the class path, prints the report, writes it (and,
 * for the soak, its table and chart) under {@code DIR} (default {@code target/chaos-results}), and exits with 1 when
 * the run failed.
 */
public final class Chaos {

    private Chaos() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            throw new IllegalArgumentException(
                    "Chaos <long|short|storm|soak> [--subscribers N] [--minutes M]" + " [--seed S] [--out DIR]");
        }
        String mode = args[0];
        int subscribers = 10_000;
        Duration minutes = null;
        long seed = System.nanoTime();
        Path out = Path.of("target", "chaos-results");
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--subscribers" -> subscribers = Integer.parseInt(args[i + 1]);
                case "--minutes" -> minutes = Duration.ofMinutes(Long.parseLong(args[i + 1]));
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        String container = Container.only().name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-");
        Path logs = out.resolve(mode + "-" + container + "-logs");
        String logging = System.getProperty("chaos.logging", "");
        deleteTree(logs);
        Plan plan = switch (mode) {
            case "short" -> Plan.shortForm(logs, logging, seed);
            case "long" ->
                minutes == null
                        ? Plan.longForm(logs, logging, seed)
                        : withDuration(Plan.longForm(logs, logging, seed), minutes);
            case "storm" -> Plan.storm(subscribers, logs, logging, seed);
            case "soak" -> Plan.soak(minutes == null ? Duration.ofMinutes(30) : minutes, logs, logging, seed);
            default -> throw new IllegalArgumentException("Unknown mode " + mode);
        };
        Figures figures = ChaosRun.run(plan);
        List<String> report = new ArrayList<>(figures.report());
        if (!figures.health().isEmpty()) {
            report.addAll(Soak.report(figures.health()));
            Soak.chart(figures.health(), out.resolve("soak-" + container + ".png"));
        }
        report.forEach(System.out::println);
        Files.createDirectories(out);
        Files.write(out.resolve(mode + "-" + container + ".txt"), report);
        System.exit(figures.failures().isEmpty() && Soak.flat(figures.health()) ? 0 : 1);
    }

    private static void deleteTree(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (java.util.stream.Stream<Path> files = Files.walk(directory)) {
                for (Path file :
                        files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private static Plan withDuration(Plan plan, Duration duration) {
        return new Plan(
                plan.name(),
                plan.perTransport(),
                plan.topics(),
                plan.rate(),
                duration,
                plan.minGap(),
                plan.maxGap(),
                plan.faults(),
                plan.seed(),
                plan.catchUp(),
                plan.stormPatience(),
                plan.health(),
                plan.node());
    }
}
