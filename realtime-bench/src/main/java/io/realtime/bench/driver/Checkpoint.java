package io.realtime.bench.driver;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run has measured so far: {@code figures.json} in its output directory, written again after every server,
 * so that a run that stopped (the machine was wanted back, the JVM died) goes on with {@code --resume} where it
 * stopped. The full run takes hours; without this, an interruption in its last hour cost all of them.
 *
 * <p>A resumed run keeps what was measured only if it was measured on the same machine (cores, CPU, memory, kernel
 * and JDK) with the same plan and options; otherwise it refuses, because the tables would then compare figures of
 * two machines as if they were of one. It measures the servers that are missing, in the planned order, and writes
 * every table from the figures of both parts.
 */
final class Checkpoint {

    static final String FILE = "figures.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final Machine machine;
    private final Plan plan;
    private final String options;
    private final List<Figures> kept;

    private Checkpoint(Path file, Machine machine, Plan plan, String options, List<Figures> kept) {
        this.file = file;
        this.machine = machine;
        this.plan = plan;
        this.options = options;
        this.kept = kept;
    }

    /**
     * The figures to keep: none for a new run; for {@code --resume}, those of the interrupted run.
     *
     * @throws IllegalArgumentException when there is nothing to resume, or it was measured on another machine or
     *     with other options
     */
    static Checkpoint open(Options options, Machine machine, Plan plan) throws IOException {
        Path file = options.out().resolve(FILE);
        String signature = signature(options);
        if (!options.resume()) {
            return new Checkpoint(file, machine, plan, signature, List.of());
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("--resume: there is no " + FILE + " in " + options.out());
        }
        JsonNode document = JSON.readTree(file.toFile());
        Machine before = JSON.treeToValue(document.path("machine"), Machine.class);
        if (!before.summary().equals(machine.summary())) {
            throw new IllegalArgumentException("--resume: the run in " + options.out() + " was measured on "
                    + before.summary() + ", not on this machine (" + machine.summary() + ")");
        }
        String measuredWith = document.path("options").asText();
        if (!measuredWith.equals(signature) || !document.path("plan").asText().equals(plan.toString())) {
            throw new IllegalArgumentException("--resume: the run in " + options.out() + " was measured with "
                    + measuredWith + "; resume it with the same options, not " + signature);
        }
        List<Figures> kept = JSON.convertValue(document.path("runs"), new TypeReference<List<Figures>>() {});
        return new Checkpoint(file, machine, plan, signature, List.copyOf(kept));
    }

    /** @return the figures measured before this run was resumed, or none */
    List<Figures> kept() {
        return kept;
    }

    /** @return whether this server was measured before the run was resumed */
    boolean measured(int run, String container, String variant) {
        return kept.stream()
                .anyMatch(figures -> figures.run() == run
                        && figures.container().equals(container)
                        && figures.variant().equals(variant));
    }

    /** Writes every figure so far, as the finished run's {@code figures.json} does. */
    void save(List<Figures> figures) throws IOException {
        Files.createDirectories(file.getParent());
        JSON.writeValue(file.toFile(), document(machine, plan, options, figures));
    }

    private static String signature(Options options) {
        return "--runs " + options.runs()
                + " --containers " + String.join(",", options.containers())
                + " --variants " + String.join(",", options.variants())
                + " --transports "
                + String.join(
                        ",",
                        options.transports().stream()
                                .map(transport -> transport.label().toLowerCase(java.util.Locale.ROOT))
                                .toList())
                + " --scenarios " + String.join(",", options.scenarios())
                + " --threads " + options.threads()
                + (options.quick() ? " --quick" : "");
    }

    /** The document of {@code figures.json}: the machine, the plan, the options and every run's figures. */
    static Map<String, Object> document(Machine machine, Plan plan, Options options, List<Figures> figures) {
        return document(machine, plan, signature(options), figures);
    }

    private static Map<String, Object> document(Machine machine, Plan plan, String options, List<Figures> figures) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("machine", machine);
        document.put("plan", plan.toString());
        document.put("options", options);
        document.put("runs", figures);
        return document;
    }
}
