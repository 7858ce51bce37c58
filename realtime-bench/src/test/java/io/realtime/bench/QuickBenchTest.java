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
 * The benchmark's quick mode, as the build runs it: every variant (the library, strong, naive, Atmosphere, and
 * the library's two nodes with Redis) on both containers, every transport, every scenario, with a handful of
 * clients. It checks completeness, not speed: the driver exits with 1 when a scenario did not run or did not
 * deliver everything (but for Atmosphere's known defect), and this test checks on top that every scenario left its
 * figures, CPU time per delivery included.
 */
class QuickBenchTest {

    private static final List<String> SCENARIO_FIGURES = List.of(
            "idle.heap@50",
            "idle.rss@50",
            "latency.p99@20",
            "latency.p99@50",
            "latency.cpu@20",
            "latency.loadcpu@20",
            "capacity",
            "throughput",
            "throughput.cpu",
            "sweep.sustained",
            "size.dps@65536",
            "rooms.p99",
            "roomburst.dps",
            "stall.p99",
            "first.event.p99",
            "churn.rate",
            "churn.left");

    private static final List<String> TWO_NODE_FIGURES =
            List.of("latency.p99@20", "latency.cpu@20", "throughput", "throughput.cpu", "rooms.p99");

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
        boolean ended = bench.waitFor(12, TimeUnit.MINUTES);
        if (!ended) {
            bench.destroyForcibly();
        }
        assertThat(ended).as("the quick check ends within 12 minutes").isTrue();
        assertThat(bench.exitValue())
                .as("exit status; the reasons are above and in " + out.resolve("bench.log"))
                .isZero();

        JsonNode runs = new ObjectMapper()
                .readTree(out.resolve("figures.json").toFile())
                .get("runs");
        List<String> seen = new ArrayList<>();
        for (JsonNode run : runs) {
            String variant = run.get("variant").asText();
            String transport = run.get("transport").asText();
            String key = run.get("container").asText() + "/" + transport + "/" + variant;
            seen.add(key);
            JsonNode values = run.get("values");
            for (String figure : variant.equals("redis") ? TWO_NODE_FIGURES : SCENARIO_FIGURES) {
                assertThat(values.has(figure)).as(key + " measured " + figure).isTrue();
            }
            if (transport.equals("WebSocket") && !variant.equals("redis")) {
                assertThat(values.has("deflate.dps@on") && values.has("deflate.rss@on"))
                        .as(key + " measured permessage-deflate")
                        .isTrue();
            }
            if (variant.equals("library") || variant.equals("strong")) {
                assertThat(values.has("storm.seconds"))
                        .as(key + " measured the reconnect storm")
                        .isTrue();
            }
            if (!variant.equals("atmosphere") && !variant.equals("redis")) { // Atmosphere: its known defect
                assertThat(values.get("churn.left").asDouble())
                        .as(key + ": subscribers left behind after churn")
                        .isZero();
            }
        }
        assertThat(seen).hasSize(2 * 3 * 5).doesNotHaveDuplicates();
        assertThat(out.resolve("results.md"))
                .content()
                .contains(
                        "## Targets",
                        "## WebSocket",
                        "## SSE",
                        "## long-poll",
                        "## Sustained rates",
                        "## Message sizes",
                        "## Many topics",
                        "## Reconnect storm",
                        "## First event under load",
                        "## permessage-deflate",
                        "## Two nodes and Redis");
        assertThat(out.resolve("summary.md")).content().contains("| Jetty | SSE |");
        assertThat(Files.size(out.resolve("throughput.png"))).isPositive();
        assertThat(Files.size(out.resolve("cpu-per-delivery.png"))).isPositive();
        assertThat(System.getProperty("java.class.path"))
                .contains(Path.of("target", "classes").toString());
    }
}
