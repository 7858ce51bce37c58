package io.realtime.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} on a free port of 127.0.0.1, in its own temporary directory, started and stopped by
 * the test. Without persistence unless asked for, so that a restart loses everything as a crashed cache would.
 * Fails, never skips, when {@code redis-server} is not installed. Public, in this module's test-jar, for the chaos
 * suite, which kills and restarts it with and without its data.
 */
public final class RedisProcess implements AutoCloseable {

    private static final Duration START_WAIT = Duration.ofSeconds(10);
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        // A test run that ends abruptly must not leave servers behind.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
    }

    private final Path dir;
    private final int port;
    private final List<String> options;
    private Process process;
    private RedisClient admin;
    private StatefulRedisConnection<String, String> adminConnection;

    private RedisProcess(Path dir, int port, List<String> options) {
        this.dir = dir;
        this.port = port;
        this.options = options;
    }

    /** Starts a Redis that keeps nothing on disk. */
    static RedisProcess start() {
        return start(false);
    }

    /**
     * Starts a Redis.
     *
     * @param persistent whether it writes every command to an append-only file, fsynced, so that a restart loses
     *     nothing
     * @return the running server
     */
    public static RedisProcess start(boolean persistent) {
        return persistent
                ? startWith("--appendonly", "yes", "--appendfsync", "always")
                : startWith("--appendonly", "no");
    }

    /**
     * Starts a Redis with more server options.
     *
     * @param options such as {@code --requirepass secret}
     */
    static RedisProcess startWith(String... options) {
        try {
            return startIn(Files.createTempDirectory("redis-test"), options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a Redis in a directory of the caller's, which it keeps across {@link #restart}s.
     *
     * @param options such as {@code --cluster-enabled yes}
     */
    static RedisProcess startIn(Path dir, String... options) {
        RedisProcess redis = new RedisProcess(dir, freePort(), List.of(options));
        redis.launch();
        return redis;
    }

    /** @return whether the server runs (it was not {@link #kill killed}, or was {@link #restart restarted}) */
    public boolean running() {
        return process.isAlive();
    }

    /** @return the plain TCP port */
    int port() {
        return port;
    }

    /** @return a free port of 127.0.0.1, such as one to hand the server as {@code --tls-port} */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return such as {@code redis://127.0.0.1:6379} */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Kills the server at once (SIGKILL), as a crash would; connections break without a goodbye. */
    public void kill() {
        process.destroyForcibly();
        RUNNING.remove(process);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeAdmin();
    }

    /** Stops the server without closing its connections (SIGSTOP), as a hung server would; see {@link #wake}. */
    void freeze() {
        signal("-STOP");
    }

    /** Lets a {@link #freeze frozen} server go on (SIGCONT). */
    void wake() {
        signal("-CONT");
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill " + signal + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Starts the server again on the same port and directory. */
    public void restart() {
        launch();
    }

    /**
     * Deletes what a {@link #kill killed} server kept on disk, so that its {@link #restart} starts empty, as a
     * server without persistence, or whose disk was lost, would.
     *
     * @throws IllegalStateException if the server runs
     */
    public void erase() {
        if (running()) {
            throw new IllegalStateException("Kill the server before erasing its data");
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().startsWith("redis."))
                    .toList()) {
                try (Stream<Path> tree = Files.walk(file)) {
                    tree.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Commands for the test itself (FLUSHALL, inspecting keys), on a connection of its own. */
    RedisCommands<String, String> admin() {
        if (adminConnection == null) {
            RedisURI.Builder uri = RedisURI.builder().withHost("127.0.0.1").withPort(port);
            int password = options.indexOf("--requirepass");
            if (password >= 0) {
                uri.withAuthentication("default", options.get(password + 1));
            }
            admin = RedisClient.create(uri.build());
            adminConnection = admin.connect();
        }
        return adminConnection.sync();
    }

    /** Kills the server and deletes its directory. */
    @Override
    public void close() {
        kill();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // a temporary directory; the OS cleans it eventually
        }
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of(
                executable(),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                dir.toString(),
                "--save",
                "",
                "--daemonize",
                "no",
                "--loglevel",
                "warning",
                "--logfile",
                dir.resolve("redis.log").toString()));
        command.addAll(options);
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.out").toFile())
                    .start();
            RUNNING.add(process);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start redis-server", e);
        }
        awaitListening();
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (true) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                if (socket.getInputStream().read() >= 0) { // +PONG, or -NOAUTH: either way it is serving
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new AssertionError("redis-server did not start on port " + port + "; see " + dir);
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos()); // poll gently: two cores are shared
        }
    }

    private void closeAdmin() {
        if (adminConnection != null) {
            adminConnection.close();
            admin.shutdown();
            adminConnection = null;
            admin = null;
        }
    }

    private static String executable() {
        return executable("redis-server", "redis-server");
    }

    /**
     * @param name a program of Debian's Redis packages
     * @param debianPackage the package that has it
     * @return its path
     * @throws AssertionError if it is not on the {@code PATH}
     */
    static String executable(String name, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError(name + " is not installed, and these tests need a real Redis: install the Debian"
                + " package with 'apt-get install -y " + debianPackage + "' (./verify installs it, as root)");
    }
}
