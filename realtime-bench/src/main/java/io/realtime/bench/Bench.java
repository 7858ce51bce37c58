package io.realtime.bench;

import io.realtime.bench.driver.Driver;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's command line:
 *
 * <pre>
 * Bench [--quick] [--runs N] [--out DIR] [--containers jetty,tomcat]
 *       [--variants library,strong,naive,atmosphere,redis] [--transports websocket,sse,long-poll]
 *       [--scenarios ladder,throughput,sweep,sizes,rooms,stall,deflate,storm,first,churn] [--threads N]
 *       [--resume]
 * </pre>
 *
 * <p>{@code --quick} checks in about five minutes that every variant and every scenario runs and delivers
 * everything, with a handful of clients, and exits with status 1 otherwise; without it the full measurement runs
 * (three interleaved runs of every variant, medians and spreads reported) and writes the tables and charts to
 * {@code results/}. {@code --resume} goes on with the run in {@code --out} where it stopped, given the same options
 * on the same machine.
 *
 * <p>Everything runs on one JDK 21 or later ({@link Jdk#locate()}): when the current JVM is another one, this
 * starts itself again on that JDK, with the same class path and arguments.
 */
public final class Bench {

    private Bench() {}

    /**
     * Runs the benchmark.
     *
     * @param args the options above
     * @throws Exception if it cannot run at all
     */
    public static void main(String[] args) throws Exception {
        Jdk jdk = Jdk.locate();
        if (!jdk.isCurrent()) {
            List<String> command = new ArrayList<>(List.of(
                    jdk.java().toString(),
                    "-Xmx1g",
                    "-cp",
                    System.getProperty("java.class.path"),
                    Bench.class.getName()));
            command.addAll(List.of(args));
            System.out.println("Running on " + jdk.home() + " (Java " + jdk.feature() + ")");
            int status = new ProcessBuilder(command).inheritIO().start().waitFor();
            System.exit(status);
        }
        int status = Driver.run(jdk, args);
        System.exit(status);
    }
}
