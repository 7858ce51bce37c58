package io.realtime.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The records some java.util.logging loggers publish while it is open, for tests of what the runtime logs: opened
 * at a level, it lowers the loggers to it and restores them when closed.
 */
public final class LogCapture implements AutoCloseable {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final List<Logger> loggers = new ArrayList<>();
    private final List<Level> levels = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private LogCapture(Level level, String... names) {
        for (String name : names) {
            Logger logger = Logger.getLogger(name);
            loggers.add(logger);
            levels.add(logger.getLevel());
            logger.setLevel(level);
            logger.addHandler(handler);
        }
    }

    /**
     * Starts capturing.
     *
     * @param level the least level captured
     * @param names the loggers
     */
    public static LogCapture of(Level level, String... names) {
        return new LogCapture(level, names);
    }

    /** @return the records so far */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** @return the messages so far, formatted with their parameters */
    public List<String> lines() {
        SimpleFormatter formatter = new SimpleFormatter();
        return records.stream().map(formatter::formatMessage).toList();
    }

    /** Sets the loggers' level while capturing, such as to turn them off for a moment. */
    public void level(Level level) {
        loggers.forEach(logger -> logger.setLevel(level));
    }

    @Override
    public void close() {
        for (int i = 0; i < loggers.size(); i++) {
            loggers.get(i).removeHandler(handler);
            loggers.get(i).setLevel(levels.get(i));
        }
    }
}
