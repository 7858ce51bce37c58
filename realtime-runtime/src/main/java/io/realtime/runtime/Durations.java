package io.realtime.runtime;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** Durations as settings write them: {@code 500ms}, {@code 15s}, {@code 10m}, {@code 2h}, or ISO-8601. */
final class Durations {

    private Durations() {}

    /**
     * Reads a duration: a whole number with a suffix {@code ms}, {@code s}, {@code m} or {@code h} (any case,
     * spaces allowed before the suffix), or ISO-8601 such as {@code PT15S}.
     *
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(
                        Long.parseLong(t.substring(0, t.length() - 2).trim()));
            }
            ChronoUnit unit = t.isEmpty()
                    ? null
                    : switch (t.charAt(t.length() - 1)) {
                        case 's' -> ChronoUnit.SECONDS;
                        case 'm' -> ChronoUnit.MINUTES;
                        case 'h' -> ChronoUnit.HOURS;
                        default -> null;
                    };
            if (unit != null) {
                return Duration.of(Long.parseLong(t.substring(0, t.length() - 1).trim()), unit);
            }
        } catch (RuntimeException malformed) {
            // NumberFormatException, DateTimeParseException: answered below in the user's terms
        }
        throw new IllegalArgumentException("'" + text + "' is not a duration such as 500ms, 15s, 10m or PT15S");
    }

    /** @return the duration as a setting would be written, in its largest whole unit: {@code 90s}, {@code 10m} */
    static String written(Duration value) {
        long millis = value.toMillis();
        if (millis % 1000 != 0 || millis == 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    /** @return the duration in words, in its largest whole unit: {@code 10 minutes}, {@code 365 days} */
    static String spelled(Duration value) {
        long seconds = value.toSeconds();
        if (seconds % 86_400 == 0) {
            return plural(seconds / 86_400, "day");
        }
        if (seconds % 3600 == 0) {
            return plural(seconds / 3600, "hour");
        }
        return seconds % 60 == 0 ? plural(seconds / 60, "minute") : plural(seconds, "second");
    }

    private static String plural(long amount, String unit) {
        return amount + " " + unit + (amount == 1 ? "" : "s");
    }
}
