package io.realtime.samples;

import io.realtime.jetty.RealtimeServer;
import java.nio.file.Path;

/**
 * Serves the samples WAR on embedded Jetty until the process is stopped: {@code ./mvnw -Prun -DskipTests
 * package}, then open http://localhost:8080/ (another port with {@code -Drealtime.port=9090}).
 */
public final class ServeSamples {

    private ServeSamples() {}

    public static void main(String[] args) throws InterruptedException {
        Path war = Path.of(args.length > 0 ? args[0] : "target/samples");
        int port = Integer.getInteger("realtime.port", 8080);
        RealtimeServer server = RealtimeServer.builder().war(war).port(port).start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "samples-stop"));
        System.out.println("Samples running at http://localhost:" + port + "/ (Ctrl-C to stop)");
        Thread.currentThread().join();
    }
}
