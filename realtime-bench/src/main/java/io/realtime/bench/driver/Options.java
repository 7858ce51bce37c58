package io.realtime.bench.driver;

import io.realtime.bench.load.Transport;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The command line of {@link io.realtime.bench.Bench}.
 *
 * @param quick the quick check instead of the full measurement
 * @param runs runs of every variant
 * @param out where results go
 * @param containers {@code jetty}, {@code tomcat}
 * @param variants {@code library}, {@code raw}, {@code atmosphere}
 * @param transports the transports
 * @param threads the load generator's I/O threads
 */
record Options(
        boolean quick,
        int runs,
        Path out,
        List<String> containers,
        List<String> variants,
        List<Transport> transports,
        int threads) {

    static final List<String> CONTAINERS = List.of("jetty", "tomcat");
    static final List<String> VARIANTS = List.of("library", "raw", "atmosphere");

    static Options parse(String[] args) {
        boolean quick = false;
        Integer runs = null;
        Path out = null;
        List<String> containers = CONTAINERS;
        List<String> variants = VARIANTS;
        List<Transport> transports = List.of(Transport.values());
        int threads = 2;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--quick" -> quick = true;
                case "--runs" -> runs = Integer.parseInt(value(args, ++i, arg));
                case "--out" -> out = Path.of(value(args, ++i, arg));
                case "--containers" -> containers = within(value(args, ++i, arg), CONTAINERS, arg);
                case "--variants" -> variants = within(value(args, ++i, arg), VARIANTS, arg);
                case "--transports" ->
                    transports = within(
                                    value(args, ++i, arg),
                                    Arrays.stream(Transport.values())
                                            .map(Transport::label)
                                            .map(label -> label.toLowerCase(java.util.Locale.ROOT))
                                            .toList(),
                                    arg)
                            .stream()
                            .map(label -> Arrays.stream(Transport.values())
                                    .filter(t -> t.label().equalsIgnoreCase(label))
                                    .findFirst()
                                    .orElseThrow())
                            .toList();
                case "--threads" -> threads = Integer.parseInt(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("Unknown option " + arg + "; see Bench's usage");
            }
        }
        int runCount = runs != null ? runs : quick ? 1 : 3;
        Path outDir = out != null ? out : Path.of(quick ? "target/bench-quick" : "results");
        return new Options(quick, runCount, outDir, containers, variants, transports, threads);
    }

    Plan plan() {
        return quick ? Plan.quick() : Plan.full(runs);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static List<String> within(String list, List<String> allowed, String option) {
        List<String> values = Arrays.stream(list.split(",")).map(String::trim).toList();
        for (String value : values) {
            if (!allowed.contains(value.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException(option + ": " + value + " is not one of " + allowed);
            }
        }
        return values;
    }
}
