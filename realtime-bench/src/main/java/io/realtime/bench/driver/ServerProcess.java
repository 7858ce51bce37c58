package io.realtime.bench.driver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtime.bench.Jdk;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One server variant in its own JVM, and the driver's control of it over HTTP. Every server runs on the same
 * JDK with the same flags: a fixed 2 GiB heap, the default collector (G1), and logging at {@code warn}. The
 * class path is the driver's, minus the other container: Jetty 12 ee10 is built on the Servlet 6.0 API jar,
 * Tomcat 11 carries its own Servlet 6.1 API, and both on one class path would mix the two.
 */
final class ServerProcess implements AutoCloseable {

    static final List<String> JVM_FLAGS = List.of("-Xms2g", "-Xmx2g", "-XX:+ExitOnOutOfMemoryError");

    private static final Pattern LISTENING = Pattern.compile("listening (\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int port;
    private final HttpClient http;
    private final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /**
     * What the server holds, from {@code /control/stats}.
     *
     * @param heap heap in use, bytes
     * @param direct direct buffers, bytes
     * @param rss resident memory of the process, bytes
     * @param cpu CPU time of the process, nanoseconds
     * @param jit time the process's JIT compilers have spent, milliseconds (-1 when the JVM does not tell)
     * @param threads live threads
     * @param subscribers the variant's subscribers
     * @param seq the last tick published
     */
    record Stats(long heap, long direct, long rss, long cpu, long jit, int threads, int subscribers, long seq) {}

    /**
     * Starts a server JVM.
     *
     * @param name the server's name in its log's and recording's file names, such as {@code jetty-library}
     * @param properties system properties for it, {@code -Dname=value}
     */
    static ServerProcess start(
            Jdk jdk, String container, String variant, String name, List<String> properties, Path logs)
            throws IOException {
        Files.createDirectories(logs);
        Path log = logs.resolve(name + ".log");
        List<String> command = new ArrayList<>();
        command.add(jdk.java().toString());
        command.addAll(JVM_FLAGS);
        command.addAll(profiling(name, logs));
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.addAll(properties);
        command.add("-cp");
        command.add(classPath(container));
        command.add("io.realtime.bench.server.BenchServer");
        command.add(container);
        command.add(variant);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher listening = LISTENING.matcher(Files.readString(log));
            if (listening.find()) {
                return new ServerProcess(process, Integer.parseInt(listening.group(1)), log);
            }
            if (!process.isAlive()) {
                break;
            }
            sleep(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException(
                container + "/" + variant + " did not start; its output (" + log + "):\n" + Files.readString(log));
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    Path log() {
        return log;
    }

    /** Publishes ticks to the main topic; returns the last sequence number once they are all out. */
    long publish(int count, double rate, int size) {
        return publish(count, rate, size, 0);
    }

    /** Publishes ticks, tick {@code i} to room {@code i mod rooms} when {@code rooms > 0}; returns the last. */
    long publish(int count, double rate, int size, int rooms) {
        JsonNode answer = call(HttpRequest.newBuilder(
                        uri("/control/publish?count=" + count + "&rate=" + rate + "&size=" + size + "&rooms=" + rooms))
                .POST(HttpRequest.BodyPublishers.noBody()));
        return answer.get("last").asLong();
    }

    Stats stats(boolean collect) {
        JsonNode answer =
                call(HttpRequest.newBuilder(uri("/control/stats?gc=" + collect)).GET());
        return new Stats(
                answer.get("heap").asLong(),
                answer.get("direct").asLong(),
                answer.get("rss").asLong(),
                answer.get("cpu").asLong(),
                answer.path("jit").asLong(-1),
                answer.get("threads").asInt(),
                answer.get("subscribers").asInt(),
                answer.get("seq").asLong());
    }

    private JsonNode call(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    http.send(request.timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Control request answered " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("The server stopped answering; see " + log, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Closes the server's standard input, on which it stops; kills it if it has not within 20 s. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static String classPath(String container) {
        String other = container.equals("jetty") ? "tomcat" : "jetty";
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !belongsTo(entry, other))
                .reduce((a, b) -> a + File.pathSeparator + b)
                .orElseThrow();
    }

    private static boolean belongsTo(String entry, String container) {
        String name = entry.replace('\\', '/');
        if (container.equals("tomcat")) {
            return name.contains("/org/apache/tomcat/");
        }
        // Tomcat brings its own Servlet and WebSocket API classes.
        return name.contains("/org/eclipse/jetty/")
                || name.contains("jakarta.servlet-api")
                || name.contains("jakarta.websocket-api")
                || name.contains("jakarta.websocket-client-api");
    }

    /**
     * A flight recording of each server when {@code BENCH_PROFILE} names a directory (the figures of such a run
     * are not for publishing: the recording costs a little of everything). The directory is made if missing: the
     * JVM would refuse to start rather than make it.
     */
    private static List<String> profiling(String name, Path logs) throws IOException {
        String directory = System.getenv("BENCH_PROFILE");
        if (directory == null || directory.isBlank()) {
            return List.of();
        }
        Path base = Files.createDirectories(Path.of(directory).toAbsolutePath());
        Path recording = base.resolve(logs.getFileName() + "-" + name + ".jfr");
        for (int run = 2; Files.exists(recording); run++) { // one per run: Hotspots reads them together
            recording = base.resolve(logs.getFileName() + "-" + name + "-" + run + ".jfr");
        }
        // BENCH_PROFILE_PERIOD (such as 1ms) samples more often than the profile's 10 ms, for short scenarios.
        String period = System.getenv("BENCH_PROFILE_PERIOD");
        String sampling = period == null || period.isBlank() ? "" : ",jdk.ExecutionSample#period=" + period.strip();
        return List.of(
                "-XX:StartFlightRecording=settings=profile" + sampling + ",dumponexit=true,filename=" + recording);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
