package io.realtime.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's quick mode, as the build runs it: every server variant on both containers, every transport,
 * every scenario, with a handful of clients. It checks completeness, not speed: the driver exits with 1 when a
 * scenario did not run or this library or the hand-written endpoints fell short, and this test checks on top that
 * every scenario left its figures.
 */
class QuickBenchTest {

    private static final List<String> SCENARIO_FIGURES = List.of(
            "idle.heap@50",
            "latency.p99@20",
            "latency.p99@50",
            "capacity",
            "throughput",
            "stall.p99",
            "churn.rate",
            "churn.left");

    @Test
    void everyScenarioRunsAndDeliversEverything() throws Exception {
        Path out = Path.of("target", "bench-quick");
        Jdk jdk = Jdk.locate();
        Process bench = new ProcessBuilder(
                        jdk.java().toString(),
                        "-Xmx1g",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Bench.class.getName(),
                        "--quick",
                        "--out",
                        out.toString())
                .inheritIO()
                .start();
        boolean ended = bench.waitFor(8, TimeUnit.MINUTES);
        if (!ended) {
            bench.destroyForcibly();
        }
        assertThat(ended).as("the quick check ends within 8 minutes").isTrue();
        assertThat(bench.exitValue())
                .as("exit status; the reasons are above and in " + out.resolve("bench.log"))
                .isZero();

        JsonNode runs = new ObjectMapper()
                .readTree(out.resolve("figures.json").toFile())
                .get("runs");
        List<String> seen = new ArrayList<>();
        for (JsonNode run : runs) {
            String key = run.get("container").asText() + "/"
                    + run.get("transport").asText() + "/" + run.get("variant").asText();
            seen.add(key);
            for (String figure : SCENARIO_FIGURES) {
                assertThat(run.get("values").has(figure))
                        .as(key + " measured " + figure)
                        .isTrue();
            }
            if (!run.get("variant").asText().equals("atmosphere")) { // its known defect, reported by the driver
                assertThat(run.get("values").get("churn.left").asDouble())
                        .as(key + ": subscribers left behind after churn")
                        .isZero();
            }
        }
        assertThat(seen).hasSize(2 * 3 * 3).doesNotHaveDuplicates();
        assertThat(out.resolve("results.md"))
                .content()
                .contains("## Targets", "## WebSocket", "## SSE", "## long-poll");
        assertThat(Files.size(out.resolve("throughput.png"))).isPositive();
        assertThat(System.getProperty("java.class.path"))
                .contains(Path.of("target", "classes").toString());
    }
}
