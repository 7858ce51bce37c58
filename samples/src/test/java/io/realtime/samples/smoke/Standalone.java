package io.realtime.samples.smoke;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A standalone servlet container, unpacked from its distribution, run as a separate process with the samples WAR
 * copied unchanged into its {@code webapps/}: Tomcat 11 with a {@code CATALINA_BASE} of its own, or Jetty 12 with
 * a {@code jetty-base} holding the ee10 modules the WAR needs; or WildFly ({@link WildFly}). It listens on free
 * ports of 127.0.0.1 only.
 *
 * <p>Each logs the library ({@code io.realtime}) at its most verbose level into the files the build's token scan
 * reads ({@code logs/} of Tomcat's base, {@code jetty.log}, {@code log/} of WildFly's base): no tab token may appear
 * there.
 *
 * <p>{@link #close()} stops the process as {@code Ctrl-C} would (the containers' shutdown hooks undeploy the
 * application), or with the container's own stop command where a signal would not let the application hear
 * (GlassFish), and kills it if it has not gone within 20 seconds.
 */
final class Standalone implements AutoCloseable {

    /**
     * The fewest Jetty modules the WAR needs: HTTP, deploying ee10 WARs, and Jakarta WebSocket, which brings
     * {@code ee10-annotations}, the annotation scanning that finds the endpoints, servlets and listeners.
     */
    static final String JETTY_MODULES = "http,ee10-deploy,ee10-websocket-jakarta";

    private static final Duration START = Duration.ofMinutes(2);

    private final String name;
    private final Process process;
    private final Path log;
    private final int port;
    private final Pattern started;
    private final List<String> stop;
    private final Map<String, String> environment;

    /**
     * @param started what the container logs once it has deployed everything it will (or failed to)
     * @param stop the command that stops it gracefully, or empty to send it a signal
     */
    private Standalone(
            String name,
            Process process,
            Path log,
            int port,
            Pattern started,
            List<String> stop,
            Map<String, String> environment) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
        this.started = started;
        this.stop = stop;
        this.environment = environment;
    }

    /** Starts Tomcat from the distribution at {@code home}, with {@code war} in a fresh base under {@code work}. */
    static Standalone tomcat(Path home, Path war, Path work) throws IOException {
        Path base = fresh(work.resolve("tomcat"));
        copyTree(home.resolve("conf"), base.resolve("conf"));
        for (String directory : List.of("logs", "temp", "work", "webapps")) {
            Files.createDirectories(base.resolve(directory));
        }
        int port = freePort();
        Path serverXml = base.resolve("conf/server.xml");
        String config = Files.readString(serverXml);
        String connector = "<Connector port=\"8080\"";
        String edited = config.replace("<Server port=\"8005\"", "<Server port=\"-1\"") // no shutdown port
                .replace(connector, "<Connector address=\"127.0.0.1\" port=\"" + port + "\"");
        if (config.indexOf(connector) != config.lastIndexOf(connector)
                || edited.contains(connector)
                || !edited.contains("<Server port=\"-1\"")) {
            throw new IllegalStateException("Unexpected " + serverXml + ": the HTTP connector is not on port 8080");
        }
        Files.writeString(serverXml, edited);
        // The library at its most verbose level, on the console and in catalina.*.log, for the token scan.
        Files.writeString(
                base.resolve("conf/logging.properties"), "\nio.realtime.level = ALL\n", StandardOpenOption.APPEND);
        Files.copy(war, base.resolve("webapps/samples.war"));
        List<String> command = List.of(
                java(),
                "-Dcatalina.home=" + home,
                "-Dcatalina.base=" + base,
                "-Djava.io.tmpdir=" + base.resolve("temp"),
                "-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager",
                "-Djava.util.logging.config.file=" + base.resolve("conf/logging.properties"),
                "-cp",
                home.resolve("bin/bootstrap.jar") + java.io.File.pathSeparator + home.resolve("bin/tomcat-juli.jar"),
                "org.apache.catalina.startup.Bootstrap",
                "start");
        return start(
                "standalone Tomcat",
                command,
                Map.of(),
                base,
                base.resolve("logs/console.log"),
                port,
                Pattern.compile("Server startup in"));
    }

    /** Starts Jetty from the distribution at {@code home}, with {@code war} in a fresh base under {@code work}. */
    static Standalone jetty(Path home, Path war, Path work) throws IOException {
        Path base = fresh(work.resolve("jetty-base"));
        Path setupLog = work.resolve("jetty-setup.log");
        Process setup = new ProcessBuilder(
                        java(),
                        "-jar",
                        home.resolve("start.jar").toString(),
                        "jetty.home=" + home,
                        "jetty.base=" + base,
                        "--add-modules=" + JETTY_MODULES)
                .directory(base.toFile())
                .redirectErrorStream(true)
                .redirectOutput(setupLog.toFile())
                .start();
        try {
            if (!setup.waitFor(60, TimeUnit.SECONDS) || setup.exitValue() != 0) {
                setup.destroyForcibly();
                throw new IllegalStateException("Jetty's --add-modules failed:\n" + Files.readString(setupLog));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Files.createDirectories(base.resolve("webapps"));
        Files.copy(war, base.resolve("webapps/samples.war"));
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(java()));
        // The build's logging configuration, which logs the library at its most verbose level, for the token scan.
        String logging = System.getProperty("java.util.logging.config.file");
        if (logging != null) {
            command.add("-Djava.util.logging.config.file=" + logging);
        }
        command.addAll(List.of(
                "-jar",
                home.resolve("start.jar").toString(),
                "jetty.home=" + home,
                "jetty.base=" + base,
                "jetty.http.host=127.0.0.1",
                "jetty.http.port=" + port));
        return start(
                "standalone Jetty",
                command,
                Map.of(),
                base,
                work.resolve("jetty.log"),
                port,
                Pattern.compile("Started oejs\\.Server"));
    }

    /** Waits until the application answers its index page, then returns its root. */
    Samples await(String contextPath) {
        URI root = URI.create("http://127.0.0.1:" + port + contextPath);
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                last = client.send(
                                HttpRequest.newBuilder(URI.create(root + "/"))
                                        .timeout(Duration.ofSeconds(5))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                if (last == 200) {
                    return new Samples(name, root);
                }
                if (started.matcher(tail()).find()) { // the container is up, but the application is not
                    throw new IllegalStateException(
                            name + " started without the application (" + root + "/ answers " + last + "):\n" + tail());
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                process.waitFor(200, TimeUnit.MILLISECONDS); // returns at once if it exits
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(name + " did not serve " + root + "/ within " + START.toSeconds()
                + " s (last status " + last + "):\n" + tail());
    }

    @Override
    public void close() {
        List<ProcessHandle> processes = new ArrayList<>(process.descendants().toList());
        processes.add(0, process.toHandle());
        if (stop.isEmpty() || !process.isAlive()) {
            process.destroy();
        } else {
            stopGracefully();
        }
        // The server may outlive its launcher (asadmin returns once GlassFish stopped answering, before its shutdown
        // has undeployed everything): every process is given the time to end by itself.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try {
            for (ProcessHandle each : processes) {
                long left = Math.max(0, deadline - System.nanoTime());
                each.onExit().get(left, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException stillRunning) {
            // killed below
        } finally {
            processes.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** Runs the container's own stop command, whose output joins the container's log. */
    private void stopGracefully() {
        ProcessBuilder builder = new ProcessBuilder(stop)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        try {
            Process stopping = builder.start();
            if (!stopping.waitFor(60, TimeUnit.SECONDS)) {
                stopping.destroyForcibly();
                process.destroy();
            }
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
        }
    }

    /** @return the last lines the container wrote, to explain a failure */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    static Standalone start(
            String name,
            List<String> command,
            Map<String, String> environment,
            Path directory,
            Path log,
            int port,
            Pattern started)
            throws IOException {
        return start(name, command, environment, directory, log, port, started, List.of());
    }

    /** @param stop the command that stops the container gracefully; empty to stop it with a signal */
    static Standalone start(
            String name,
            List<String> command,
            Map<String, String> environment,
            Path directory,
            Path log,
            int port,
            Pattern started,
            List<String> stop)
            throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return new Standalone(name, builder.start(), log, port, started, List.copyOf(stop), Map.copyOf(environment));
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    // The port is free now; the container binds it a moment later. Nothing else on this machine races for it.
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static Path fresh(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        return Files.createDirectories(directory);
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
