package io.realtime.bench.driver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Every run's figures, their medians, and the files written from them: {@code figures.json} (everything
 * measured), {@code results.md} (the tables) and the charts.
 */
final class Results {

    private final Machine machine;
    private final Plan plan;
    private final Options options;
    private final List<Figures> figures;

    Results(Machine machine, Plan plan, Options options, List<Figures> figures) {
        this.machine = machine;
        this.plan = plan;
        this.options = options;
        this.figures = figures;
    }

    Machine machine() {
        return machine;
    }

    Plan plan() {
        return plan;
    }

    Options options() {
        return options;
    }

    /**
     * The median over runs of one figure, or empty when no run measured it.
     *
     * @param container the container
     * @param transport the transport's label
     * @param variant the variant
     * @param name the figure
     */
    OptionalDouble median(String container, String transport, String variant, String name) {
        List<Double> values = new ArrayList<>();
        for (Figures run : figures) {
            if (run.container().equals(container)
                    && run.transport().equals(transport)
                    && run.variant().equals(variant)
                    && run.values().containsKey(name)) {
                values.add(run.values().get(name));
            }
        }
        if (values.isEmpty()) {
            return OptionalDouble.empty();
        }
        values.sort(Double::compare);
        int middle = values.size() / 2;
        return OptionalDouble.of(
                values.size() % 2 == 1 ? values.get(middle) : (values.get(middle - 1) + values.get(middle)) / 2);
    }

    /** Every problem of every run, each naming its run, container, transport and variant. */
    List<String> problems() {
        return collect(false);
    }

    /** Every shortfall of every run, named the same way. */
    List<String> shortfalls() {
        return collect(true);
    }

    /**
     * What makes the quick check fail: every problem, and the shortfalls of this library and of the hand-written
     * endpoints. Atmosphere's shortfalls are reported and not held against the check: its long-poll loses
     * messages under load (its issue tracker has a long history of such races), and a build must not fail
     * because of another project's defect.
     */
    List<String> failures() {
        List<String> all = new ArrayList<>(problems());
        for (Figures run : figures) {
            if (!run.variant().equals("atmosphere")) {
                run.shortfalls().forEach(text -> all.add(name(run) + text));
            }
        }
        return all;
    }

    private List<String> collect(boolean shortfalls) {
        List<String> all = new ArrayList<>();
        for (Figures run : figures) {
            for (String text : shortfalls ? run.shortfalls() : run.problems()) {
                all.add(name(run) + text);
            }
        }
        return all;
    }

    private static String name(Figures run) {
        return "run " + run.run() + " " + run.key() + ": ";
    }

    void write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("machine", machine);
        document.put("plan", plan.toString());
        document.put("runs", figures);
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(directory.resolve("figures.json").toFile(), document);
        Files.writeString(directory.resolve("results.md"), new Report(this).markdown(), StandardCharsets.UTF_8);
        new Charts(this).write(directory);
    }
}
