package io.realtime.bench.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stopped run goes on with {@code --resume}: what it measured comes back as it was saved, and only on the machine
 * and with the options it was measured with.
 */
class CheckpointTest {

    private static final Machine MACHINE =
            new Machine(2, "AMD EPYC", 24, "Linux 6.18", "Eclipse Adoptium 25.0.3+9-LTS (Java 25)", "2026-12-05");

    @TempDir
    Path out;

    @Test
    void aResumedRunKeepsWhatWasMeasuredFigureForFigureAndKnowsWhichServersAreMissing() throws IOException {
        Options first = options();
        Figures measured = new Figures("jetty", "library", "SSE", 1);
        measured.put("throughput.rate", 912_345.5);
        measured.put("latency.p99@1000", Double.NaN);
        measured.lost("latency@10000", "latency at 10000: 9 of 10 deliveries");
        measured.note("throughput: the load generator was saturated");
        Checkpoint.open(first, MACHINE, first.plan()).save(List.of(measured));

        Options resumed = options("--resume");
        Checkpoint checkpoint = Checkpoint.open(resumed, MACHINE, resumed.plan());

        assertThat(checkpoint.kept()).hasSize(1);
        Figures kept = checkpoint.kept().get(0);
        assertThat(kept.key()).isEqualTo(measured.key());
        assertThat(kept.run()).isEqualTo(1);
        assertThat(kept.values()).containsEntry("throughput.rate", 912_345.5);
        assertThat(kept.values().get("latency.p99@1000")).isNaN();
        assertThat(kept.failures()).isEqualTo(measured.failures());
        assertThat(kept.notes()).isEqualTo(measured.notes());
        assertThat(checkpoint.measured(1, "jetty", "library")).isTrue();
        assertThat(checkpoint.measured(1, "jetty", "strong")).isFalse();
        assertThat(checkpoint.measured(2, "jetty", "library")).isFalse();
        assertThat(checkpoint.measured(1, "tomcat", "library")).isFalse();
    }

    @Test
    void aNewRunKeepsNothingEvenWhereAnotherRunSavedFigures() throws IOException {
        Options options = options();
        Checkpoint.open(options, MACHINE, options.plan()).save(List.of(new Figures("jetty", "library", "SSE", 1)));

        assertThat(Checkpoint.open(options, MACHINE, options.plan()).kept()).isEmpty();
    }

    @Test
    void aRunIsResumedOnlyOnTheMachineAndWithTheOptionsItWasMeasuredWith() throws IOException {
        Options options = options();
        Checkpoint.open(options, MACHINE, options.plan()).save(List.of(new Figures("jetty", "library", "SSE", 1)));
        Machine other = new Machine(8, "Intel Xeon", 24, "Linux 6.18", MACHINE.jdk(), "2026-12-06");
        Options moreRuns = Options.parse(new String[] {
            "--out",
            out.toString(),
            "--runs",
            "3",
            "--variants",
            "library,strong",
            "--scenarios",
            "throughput",
            "--resume"
        });

        assertThatIllegalArgumentException()
                .isThrownBy(() -> Checkpoint.open(options("--resume"), other, options.plan()))
                .withMessageContaining("not on this machine");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Checkpoint.open(moreRuns, MACHINE, moreRuns.plan()))
                .withMessageContaining("resume it with the same options")
                .withMessageContaining("--runs 2");
        Machine nextDay = new Machine(2, "AMD EPYC", 24, "Linux 6.18", MACHINE.jdk(), "2026-12-06");
        assertThat(Checkpoint.open(options("--resume"), nextDay, options.plan()).kept())
                .as("another day on the same machine")
                .hasSize(1);
    }

    @Test
    void thereIsNothingToResumeWhereNoRunWasSaved() {
        Options resumed = options("--resume");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> Checkpoint.open(resumed, MACHINE, resumed.plan()))
                .withMessageContaining("there is no figures.json");
    }

    private Options options(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "--out", out.toString(), "--runs", "2", "--variants", "library,strong", "--scenarios", "throughput"));
        args.addAll(List.of(more));
        return Options.parse(args.toArray(String[]::new));
    }
}
