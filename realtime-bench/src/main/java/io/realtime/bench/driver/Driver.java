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
 * Runs the plan: for each run, each container, each variant and each transport, one server JVM (two and a Redis
 * for {@code redis}) and the transport's scenarios against it; then writes the figures, the tables and the
 * charts. Runs are interleaved (run 1 of every variant, then run 2...), and each run takes the variants in an order
 * rotated by one, so that neither a disturbance of the machine nor a position in the sequence falls on one variant
 * alone. The figures so far are saved after every server, and {@code --resume} keeps them ({@link Checkpoint}).
 */
public final class Driver {

    private Driver() {}

    /**
     * Runs the benchmark in this JVM.
     *
     * @param jdk the JDK every server runs on (this one)
     * @param args the command line
     * @return the exit status: 0, or 1 when a scenario failed (the results are written all the same)
     * @throws IOException if results cannot be written
     * @throws InterruptedException if interrupted
     */
    public static int run(Jdk jdk, String[] args) throws IOException, InterruptedException {
        Options options = Options.parse(args);
        Plan plan = options.plan();
        Machine machine = Machine.describe(jdk);
        Checkpoint checkpoint = Checkpoint.open(options, machine, plan);
        List<Figures> all = new ArrayList<>(checkpoint.kept());
        try (Log log = new Log(options.out().resolve("bench.log"), options.resume())) {
            log.line(
                    "%s on %s%s",
                    options.quick() ? "Quick check" : "Full run",
                    machine.summary(),
                    options.resume() ? ", resumed: " + all.size() + " sets of figures kept" : "");
            for (int run = 1; run <= plan.runs(); run++) {
                for (String container : options.containers()) {
                    for (String variant : options.variantsOf(run)) {
                        if (checkpoint.measured(run, container, variant)) {
                            continue;
                        }
                        log.line("run %d/%d: %s, %s", run, plan.runs(), container, variant);
                        all.addAll(serve(jdk, container, variant, run, plan, options, log));
                        checkpoint.save(all);
                    }
                }
            }
            Results results = new Results(machine, plan, options, all);
            results.write(options.out());
            results.notes().forEach(note -> log.line("NOTE %s", note));
            results.failures().forEach(failure -> log.line("FAILED %s", failure));
            log.line("Results in %s", options.out());
            List<String> blocking = results.blocking();
            String mode = options.quick() ? "Quick check" : "Full run";
            if (!blocking.isEmpty()) {
                log.line("%s FAILED: %d scenarios (listed above)", mode, blocking.size());
            } else if (results.failures().isEmpty()) {
                log.line("%s passed: every scenario ran and delivered everything", mode);
            } else {
                log.line(
                        "%s passed: every scenario ran and delivered everything but for the known defects above", mode);
            }
            return blocking.isEmpty() ? 0 : 1;
        }
    }

    /**
     * One system under test per transport, so that what one transport leaves behind (a variant still working off
     * a backlog, memory it keeps) does not fall on the next one's figures; the completeness check, whose figures
     * are not compared, has one serve every transport.
     */
    private static List<Figures> serve(
            Jdk jdk, String container, String variant, int run, Plan plan, Options options, Log log)
            throws IOException, InterruptedException {
        List<Figures> measured = new ArrayList<>();
        List<List<Transport>> batches = plan.check()
                ? List.of(options.transports())
                : options.transports().stream().map(List::of).toList();
        for (List<Transport> batch : batches) {
            Path logs = Path.of(
                    "target", "bench-logs", batch.size() == 1 ? batch.get(0).label() : "all");
            List<Figures> figures = batch.stream()
                    .map(transport -> new Figures(container, variant, transport.label(), run))
                    .toList();
            measured.addAll(figures);
            int done = 0;
            try (Target target = Target.start(jdk, container, variant, logs);
                    LoadGenerator load = new LoadGenerator(target.addresses(), options.threads())) {
                for (; done < batch.size(); done++) {
                    log.line("  %s", batch.get(done).label());
                    Stage stage =
                            new Stage(target, load, plan, batch.get(done), dialect(variant), figures.get(done), log);
                    new Scenarios(stage, options).run();
                }
            } catch (RuntimeException e) {
                for (int i = Math.min(done, batch.size() - 1); i < batch.size(); i++) {
                    figures.get(i).failed("server", "stopped: " + e.getMessage());
                }
                log.line("    stopped: %s", e);
            }
            for (int i = 0; i < batch.size(); i++) {
                Transport transport = batch.get(i);
                Scenarios.requireEveryFigure(
                        Scenarios.required(
                                plan,
                                options,
                                variant,
                                transport,
                                dialect(variant).resumes(transport)),
                        figures.get(i));
            }
        }
        return measured;
    }

    private static Dialect dialect(String variant) {
        return Dialect.of(variant.equals("redis") ? "library" : variant);
    }
}
