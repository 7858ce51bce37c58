package io.realtime.chaos;

import io.realtime.chaos.node.ChaosNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One library node in a JVM of its own ({@link ChaosNode}), on a port that stays the same across its restarts,
 * so that its clients find it again where they left it. Its output goes to a log file; its commands and answers
 * go through its standard input and output.
 *
 * <p>The node's class path is the driver's own, which holds exactly one container kit: the module that runs the
 * suite chooses the container. Threading: one caller at a time (the run's fault injector and its checks).
 */
final class NodeProcess implements AutoCloseable {

    private static final Duration START_WAIT = Duration.ofSeconds(90);
    private static final String PREFIX = "chaos-node ";

    /**
     * How the nodes are started.
     *
     * @param history how many events the runtime and Redis retain per topic
     * @param stallTimeout how long a client's unread data may wait before the server closes its connection
     * @param tabIdleTimeout how long a tab's state outlives its last connection
     * @param heap the node JVM's maximum heap, such as {@code 1g}
     * @param logs the directory of the nodes' logs
     * @param logging the {@code java.util.logging} configuration file of the nodes
     */
    record Settings(
            int history, Duration stallTimeout, Duration tabIdleTimeout, String heap, Path logs, String logging) {}

    private final String name;
    private final int port;
    private final String redisUrl;
    private final Settings settings;
    private Process process;
    private Writer commands;
    private BlockingQueue<String> answers;
    private int starts;

    private NodeProcess(String name, int port, String redisUrl, Settings settings) {
        this.name = name;
        this.port = port;
        this.redisUrl = redisUrl;
        this.settings = settings;
    }

    /** Starts a node on a free port, with the backplane on {@code redisUrl}; blocks until it serves. */
    static NodeProcess start(String name, String redisUrl, Settings settings) {
        NodeProcess node = new NodeProcess(name, freePort(), redisUrl, settings);
        node.launch();
        return node;
    }

    String name() {
        return name;
    }

    /** @return the node's root, such as {@code http://127.0.0.1:41234}, the same across restarts */
    URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** @return the process id, while it runs */
    long pid() {
        return process.pid();
    }

    synchronized boolean running() {
        return process != null && process.isAlive();
    }

    /** Kills the node at once (SIGKILL), as a crash would: its connections break without a goodbye. */
    synchronized void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts a killed node again on its port; blocks until it serves. */
    synchronized void restart() {
        launch();
    }

    /** Closes every connection from the server's side. @return how many */
    int drop() {
        return Integer.parseInt(command("drop", "dropped "));
    }

    /** Stops the application and starts it again: its clients receive its goodbye. */
    void redeploy() {
        command("redeploy", "redeployed");
    }

    /** @return the node's health after a full collection, as JSON */
    String health() {
        return command("health", "health ");
    }

    /**
     * Writes the node's threads to {@code <name>-threads-<n>.txt} beside its log (with {@code jcmd}), for a run
     * that did not end as it should. Does nothing when the node does not run.
     */
    void dumpThreads(String why) {
        Process running = process;
        if (running == null || !running.isAlive()) {
            return;
        }
        Path dump = settings.logs().resolve(name + "-threads-" + why + ".txt");
        try {
            Process jcmd = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "jcmd")
                                    .toString(),
                            Long.toString(running.pid()),
                            "Thread.print")
                    .redirectErrorStream(true)
                    .redirectOutput(dump.toFile())
                    .start();
            jcmd.waitFor(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the node gracefully, or kills it when it does not stop. Idempotent. */
    @Override
    public synchronized void close() {
        if (!running()) {
            return;
        }
        try {
            commands.write("exit\n");
            commands.flush();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private synchronized String command(String command, String answer) {
        if (!running()) {
            throw new IllegalStateException(name + " does not run");
        }
        try {
            commands.write(command + "\n");
            commands.flush();
            String line = answers.poll(START_WAIT.toSeconds(), TimeUnit.SECONDS);
            if (line == null || !line.startsWith(answer)) {
                throw new IllegalStateException(name + " answered " + line + " to " + command);
            }
            return line.substring(answer.length());
        } catch (IOException e) {
            throw new UncheckedIOException(name + " does not listen", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + settings.heap(),
                "-XX:+ExitOnOutOfMemoryError"));
        if (!settings.logging().isEmpty()) {
            command.add("-Djava.util.logging.config.file=" + settings.logging());
        }
        command.addAll(List.of(
                "-cp",
                classPath(),
                ChaosNode.class.getName(),
                Integer.toString(port),
                redisUrl,
                Integer.toString(settings.history()),
                Long.toString(settings.stallTimeout().toMillis()),
                Long.toString(settings.tabIdleTimeout().toSeconds())));
        try {
            Files.createDirectories(settings.logs());
            File log = settings.logs().resolve(name + ".log").toFile();
            Files.writeString(
                    log.toPath(), "--- start " + ++starts + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(log))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name, e);
        }
        commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        answers = new LinkedBlockingQueue<>();
        BlockingQueue<String> into = answers;
        BufferedReader output =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> read(output, into), name + "-output");
        reader.setDaemon(true);
        reader.start();
        String listening = null;
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        try {
            while (listening == null && process.isAlive() && System.nanoTime() < deadline) {
                listening = into.poll(100, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (listening == null || !listening.startsWith("listening ")) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not start (" + listening + "); see "
                    + settings.logs().resolve(name + ".log"));
        }
    }

    private static void read(BufferedReader output, BlockingQueue<String> into) {
        try (output) {
            for (String line; (line = output.readLine()) != null; ) {
                if (line.startsWith(PREFIX)) {
                    into.add(line.substring(PREFIX.length()));
                }
            }
        } catch (IOException ended) {
            // the node was killed
        }
    }

    // Surefire runs the tests with a class path of its own making and passes the real one in this property.
    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
