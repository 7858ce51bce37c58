package io.realtime.bench.driver;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/** Progress lines, on standard output and in a file, each with the time since the run started. */
final class Log implements AutoCloseable {

    private final long start = System.nanoTime();
    private final PrintWriter file;

    /** @param append whether to go on after the lines already there (a resumed run) instead of starting afresh */
    Log(Path path, boolean append) {
        try {
            Files.createDirectories(path.getParent());
            file = new PrintWriter(
                    Files.newBufferedWriter(
                            path,
                            StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE,
                            append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING,
                            StandardOpenOption.WRITE),
                    true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized void line(String format, Object... args) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        String line = String.format(
                "[%02d:%02d] %s", elapsed.toMinutes(), elapsed.toSecondsPart(), String.format(format, args));
        System.out.println(line);
        file.println(line);
    }

    @Override
    public void close() {
        file.close();
    }
}
