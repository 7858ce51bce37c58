package io.realtime.runtime;

import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Settings as context parameters, {@code realtime.<setting>} such as {@code realtime.historyMaxEvents}. An unknown
 * name under {@code realtime.} is refused with the nearest known one and the sorted list of all, so that a typo
 * does not go unnoticed. (Spring Boot's starter reads its properties through these too.)
 */
final class ContextParameters {

    private static final Map<String, Setting<?>> BY_NAME = new TreeMap<>();

    static {
        for (Setting<?> setting : Settings.ALL) {
            setting.contextParameter().ifPresent(name -> BY_NAME.put(name, setting));
        }
    }

    private ContextParameters() {}

    /**
     * Reads the values of the given names under {@code realtime.} over a copy of {@code values}; other names are
     * ignored.
     *
     * @throws IllegalArgumentException naming the parameter, if it is unknown or its value unfit
     */
    static Object[] read(Object[] values, Iterable<String> names, Function<String, String> value) {
        Object[] read = values.clone();
        for (String name : names) {
            if (name.startsWith(Setting.PREFIX)) {
                Setting<?> setting = find(name);
                String text = Objects.requireNonNullElse(value.apply(name), "");
                try {
                    read[setting.index()] = setting.parse(text.trim());
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(
                            "Context parameter '" + name + "' is invalid: " + e.getMessage(), e);
                }
            }
        }
        return read;
    }

    /** @return the setting so named, or throws naming the nearest known name and every one */
    static Setting<?> find(String name) {
        Setting<?> setting = BY_NAME.get(name);
        if (setting == null) {
            String nearest = nearest(name);
            throw new IllegalArgumentException("Unknown context parameter '" + name + "'"
                    + (nearest == null ? "." : "; did you mean '" + nearest + "'?")
                    + " Known: " + String.join(", ", BY_NAME.keySet()));
        }
        return setting;
    }

    // A name one slip away: another case, a property's dashes, or a few letters added, dropped or changed.
    private static String nearest(String name) {
        String given = plain(name);
        return BY_NAME.keySet().stream()
                .map(known -> Map.entry(known, distance(given, plain(known))))
                .filter(e -> e.getValue() <= Math.max(2, given.length() / 6))
                .min(Comparator.comparingInt(Map.Entry<String, Integer>::getValue))
                .map(Map.Entry::getKey)
                .orElse(null);
    }

    private static String plain(String name) {
        return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }

    /** Levenshtein distance: the fewest single-character insertions, deletions or substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
