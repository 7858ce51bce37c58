package io.realtime.bench.driver;

import io.realtime.bench.Jdk;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.stream.Stream;

/**
 * Where a run took place.
 *
 * @param cores available processors
 * @param cpu the processor's model name, where the system tells it
 * @param memoryGib physical memory
 * @param os the operating system and its version
 * @param jdk the JDK's vendor and version, which every server and the load generator ran on
 * @param date the day of the run
 */
record Machine(int cores, String cpu, long memoryGib, String os, String jdk, String date) {

    static Machine describe(Jdk jdk) {
        long memory =
                ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                        ? os.getTotalMemorySize()
                        : 0;
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                processor(),
                Math.round(memory / (1024.0 * 1024 * 1024)),
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version") + " (Java "
                        + jdk.feature() + ")",
                LocalDate.now().toString());
    }

    String summary() {
        return cores + " cores (" + cpu + "), " + memoryGib + " GiB, " + os + ", " + jdk;
    }

    private static String processor() {
        Path info = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(info)) {
            return System.getProperty("os.arch");
        }
        try (Stream<String> lines = Files.lines(info)) {
            return lines.filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse(System.getProperty("os.arch"));
        } catch (IOException e) {
            return System.getProperty("os.arch");
        }
    }
}
