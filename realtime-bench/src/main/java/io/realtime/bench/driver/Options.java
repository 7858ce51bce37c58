package io.realtime.bench.driver;

import io.realtime.bench.load.Transport;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The command line of {@link io.realtime.bench.Bench}.
 *
 * @param quick the quick check instead of the full measurement
 * @param runs runs of every variant
 * @param out where results go
 * @param containers {@code jetty}, {@code tomcat}
 * @param variants {@code library}, {@code strong}, {@code naive}, {@code atmosphere}, and {@code redis} (two nodes
 *     of the library sharing topics through Redis)
 * @param transports the transports
 * @param scenarios the scenarios to run (see {@link Scenarios#ALL}); a run of a few is for development, its tables
 *     are incomplete
 * @param threads the load generator's I/O threads
 * @param resume go on with the run in {@code out} where it stopped ({@link Checkpoint})
 */
record Options(
        boolean quick,
        int runs,
        Path out,
        List<String> containers,
        List<String> variants,
        List<Transport> transports,
        List<String> scenarios,
        int threads,
        boolean resume) {

    static final List<String> CONTAINERS = List.of("jetty", "tomcat");
    static final List<String> VARIANTS = List.of("library", "strong", "naive", "atmosphere", "redis");

    static Options parse(String[] args) {
        boolean quick = false;
        Integer runs = null;
        Path out = null;
        List<String> containers = CONTAINERS;
        List<String> variants = VARIANTS;
        List<Transport> transports = List.of(Transport.values());
        List<String> scenarios = Scenarios.ALL;
        int threads = 2;
        boolean resume = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--quick" -> quick = true;
                case "--runs" -> runs = Integer.parseInt(value(args, ++i, arg));
                case "--out" -> out = Path.of(value(args, ++i, arg));
                case "--containers" -> containers = within(value(args, ++i, arg), CONTAINERS, arg);
                case "--variants" -> variants = within(value(args, ++i, arg), VARIANTS, arg);
                case "--scenarios" -> scenarios = within(value(args, ++i, arg), Scenarios.ALL, arg);
                case "--transports" ->
                    transports = within(value(args, ++i, arg), labels(), arg).stream()
                            .map(Options::transport)
                            .toList();
                case "--threads" -> threads = Integer.parseInt(value(args, ++i, arg));
                case "--resume" -> resume = true;
                default -> throw new IllegalArgumentException("Unknown option " + arg + "; see Bench's usage");
            }
        }
        int runCount = runs != null ? runs : quick ? 1 : 3;
        Path outDir = out != null ? out : Path.of(quick ? "target/bench-quick" : "results");
        return new Options(quick, runCount, outDir, containers, variants, transports, scenarios, threads, resume);
    }

    Plan plan() {
        return quick ? Plan.quick() : Plan.full(runs);
    }

    /** The variants of run {@code run} (1, 2...), in an order rotated by one each run. */
    List<String> variantsOf(int run) {
        int shift = Math.floorMod(run - 1, variants.size());
        return java.util.stream.Stream.concat(
                        variants.subList(shift, variants.size()).stream(), variants.subList(0, shift).stream())
                .toList();
    }

    boolean runs(String scenario) {
        return scenarios.contains(scenario);
    }

    private static List<String> labels() {
        return Arrays.stream(Transport.values())
                .map(t -> t.label().toLowerCase(Locale.ROOT))
                .toList();
    }

    private static Transport transport(String label) {
        return Arrays.stream(Transport.values())
                .filter(t -> t.label().equalsIgnoreCase(label))
                .findFirst()
                .orElseThrow();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static List<String> within(String list, List<String> allowed, String option) {
        List<String> values = Arrays.stream(list.split(","))
                .map(String::trim)
                .map(value -> value.toLowerCase(Locale.ROOT))
                .toList();
        for (String value : values) {
            if (!allowed.contains(value)) {
                throw new IllegalArgumentException(option + ": " + value + " is not one of " + allowed);
            }
        }
        return values;
    }
}
