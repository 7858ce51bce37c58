package io.realtime.runtime;

import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The two ways settings are named outside the code: context parameters ({@code realtime.historyMaxEvents}) and
 * properties ({@code realtime.history-max-events}). An unknown name under {@code realtime.} is refused with the
 * nearest known one and the sorted list of all, so that a typo does not go unnoticed.
 */
enum SettingNames {
    CONTEXT_PARAMETER("context parameter", Setting::contextParameter),
    PROPERTY("property", Setting::property);

    private final String kind;
    private final Map<String, Setting<?>> byName = new TreeMap<>();

    SettingNames(String kind, Function<Setting<?>, Optional<String>> name) {
        this.kind = kind;
        for (Setting<?> setting : Settings.ALL) {
            name.apply(setting).ifPresent(n -> byName.put(n, setting));
        }
    }

    /**
     * Reads the values of the given names under {@code realtime.} over a copy of {@code values}; other names are
     * ignored.
     *
     * @throws IllegalArgumentException naming the parameter or property, if it is unknown or its value unfit
     */
    Object[] read(Object[] values, Iterable<String> names, Function<String, String> value) {
        Object[] read = values.clone();
        for (String name : names) {
            if (name.startsWith(Setting.PREFIX)) {
                Setting<?> setting = find(name);
                String text = Objects.requireNonNullElse(value.apply(name), "");
                try {
                    read[setting.index()] = setting.parse(text.trim());
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(title() + " '" + name + "' is invalid: " + e.getMessage(), e);
                }
            }
        }
        return read;
    }

    /** @return the setting so named, or throws naming the nearest known name and every one */
    Setting<?> find(String name) {
        Setting<?> setting = byName.get(name);
        if (setting == null) {
            String nearest = nearest(name);
            throw new IllegalArgumentException("Unknown " + kind + " '" + name + "'"
                    + (nearest == null ? "." : "; did you mean '" + nearest + "'?")
                    + " Known: " + String.join(", ", byName.keySet()));
        }
        return setting;
    }

    private String title() {
        return kind.substring(0, 1).toUpperCase(Locale.ROOT) + kind.substring(1);
    }

    // A name one slip away: another case, the other naming's dashes, or a few letters added, dropped or changed.
    private String nearest(String name) {
        String given = plain(name);
        return byName.keySet().stream()
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
