package io.realtime.bench.driver;

import io.realtime.bench.Jdk;
import io.realtime.bench.load.Dialect;
import io.realtime.bench.load.LoadGenerator;
import io.realtime.bench.load.Transport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the plan: for each run, each container and each variant, one server JVM, and every transport's
 * scenarios against it; then writes the figures, the tables and the charts. Runs are interleaved (run 1 of
 * every variant, then run 2...) so that a disturbance of the machine does not fall on one variant alone.
 */
public final class Driver {

    private Driver() {}

    /**
     * Runs the benchmark in this JVM.
     *
     * @param jdk the JDK every server runs on (this one)
     * @param args the command line
     * @return the exit status: 0, or 1 when the quick check found a scenario incomplete
     * @throws IOException if results cannot be written
     * @throws InterruptedException if interrupted
     */
    public static int run(Jdk jdk, String[] args) throws IOException, InterruptedException {
        Options options = Options.parse(args);
        Plan plan = options.plan();
        Machine machine = Machine.describe(jdk);
        List<Figures> all = new ArrayList<>();
        try (Log log = new Log(options.out().resolve("bench.log"))) {
            log.line("%s on %s", options.quick() ? "Quick check" : "Full run", machine.summary());
            for (int run = 1; run <= plan.runs(); run++) {
                for (String container : options.containers()) {
                    for (String variant : options.variants()) {
                        log.line("run %d/%d: %s, %s", run, plan.runs(), container, variant);
                        all.addAll(serve(jdk, container, variant, run, plan, options, log));
                    }
                }
            }
            Results results = new Results(machine, plan, options, all);
            results.write(options.out());
            results.problems().forEach(problem -> log.line("DID NOT RUN %s", problem));
            results.shortfalls().forEach(shortfall -> log.line("INCOMPLETE %s", shortfall));
            log.line("Results in %s", options.out().toAbsolutePath());
            if (!options.quick()) {
                return 0;
            }
            List<String> failures = results.failures();
            log.line(
                    failures.isEmpty()
                            ? "Quick check passed: every scenario ran and delivered everything"
                                    + " (Atmosphere's shortfalls, if any, are listed above)"
                            : "Quick check FAILED: %d problems or shortfalls of this library or the hand-written endpoints",
                    failures.size());
            return failures.isEmpty() ? 0 : 1;
        }
    }

    private static List<Figures> serve(
            Jdk jdk, String container, String variant, int run, Plan plan, Options options, Log log)
            throws IOException, InterruptedException {
        List<Figures> measured = new ArrayList<>();
        try (ServerProcess server = ServerProcess.start(jdk, container, variant, Path.of("target", "bench-logs"));
                LoadGenerator load = new LoadGenerator(server.address(), options.threads())) {
            for (Transport transport : options.transports()) {
                Figures figures = new Figures(container, variant, transport.label(), run);
                measured.add(figures);
                log.line("  %s", transport.label());
                try {
                    new Scenarios(server, load, plan, transport, Dialect.of(variant), figures, log).run();
                } catch (RuntimeException e) {
                    figures.problem("stopped: " + e.getMessage());
                    log.line("    stopped: %s", e);
                }
            }
        } catch (IllegalStateException e) {
            Figures figures = new Figures(container, variant, "server", run);
            figures.problem(e.getMessage());
            measured.add(figures);
        }
        return measured;
    }
}
