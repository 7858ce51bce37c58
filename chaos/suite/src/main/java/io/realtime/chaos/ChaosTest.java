package io.realtime.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The short form of the chaos suite, in the build, on whichever container the module running it chooses: two
 * nodes and a real Redis, 60 subscribers on the three transports, 100 ticks a second, every kind of fault at
 * least once, every 0.5 to 3 s, for 70 s. Nothing may be lost. Prints the report; the nodes' logs and the faults'
 * log are in {@code target/surefire-reports/chaos}.
 */
class ChaosTest {

    @Test
    void nothingIsLostUnderFaults() {
        Figures figures = ChaosRun.run(Plan.shortForm(logs(), logging(), seed()));
        figures.report().forEach(System.out::println);
        assertEquals(List.of(), figures.failures(), String.join("\n", figures.report()));
    }

    static Path logs() {
        return Path.of(System.getProperty("chaos.logs", "target/chaos"));
    }

    static String logging() {
        return System.getProperty("chaos.logging", "");
    }

    static long seed() {
        return Long.getLong("chaos.seed", System.nanoTime());
    }
}
