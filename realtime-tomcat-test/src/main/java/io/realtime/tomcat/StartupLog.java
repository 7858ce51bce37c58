package io.realtime.tomcat;

import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Tomcat reports why a context failed to start only in its log (java.util.logging): while a start runs, this
 * hands the first severe record's exception, or message, to the caller, so that the test sees the cause.
 */
final class StartupLog extends Handler {

    private static final Logger CATALINA = Logger.getLogger("org.apache.catalina");

    private final Consumer<Throwable> failures;

    private StartupLog(Consumer<Throwable> failures) {
        this.failures = failures;
        setLevel(Level.SEVERE);
    }

    static StartupLog capture(Consumer<Throwable> failures) {
        StartupLog log = new StartupLog(failures);
        CATALINA.addHandler(log);
        return log;
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
            Throwable thrown = record.getThrown();
            String message = record.getMessage();
            failures.accept(
                    thrown != null ? thrown : new IllegalStateException(message == null ? "unknown failure" : message));
        }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        CATALINA.removeHandler(this);
    }
}
