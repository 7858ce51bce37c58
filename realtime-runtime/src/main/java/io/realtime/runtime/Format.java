package io.realtime.runtime;

import io.realtime.internal.limits.ClientAddresses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How a setting's value is written in a context parameter or property, checked, and shown in the startup summary
 * and the docs. Messages are in the user's terms: they name the value, never a Java exception, and never a secret.
 */
sealed interface Format<T>
        permits Format.Count, Format.Span, Format.Flag, Format.Names, Format.Proxies, Format.Keys, Format.Instance {

    /** @return the type the builder method takes, as the docs show it */
    String javaType();

    /** @return how the value is written, with its limits, in Markdown; {@code null} when it cannot be text */
    String written();

    /** @return the limits, in Markdown: the builder method's Javadoc states them too */
    String limits();

    /** Reads a context parameter's or property's (trimmed) value; the builder's check follows. */
    T parse(String text);

    /** @return the value as the configuration keeps it; throws naming the setting if it is unfit */
    T check(String name, T value);

    /** @return the value for a log line or the docs, secrets left out */
    String show(T value);

    /** A whole number within limits, such as a count or a size in bytes. */
    record Count(int min, int max, String unit) implements Format<Integer> {

        @Override
        public String javaType() {
            return "int";
        }

        @Override
        public String written() {
            return "[whole number](#whole-numbers)" + (unit.isEmpty() ? "" : " of " + unit) + ", " + limits();
        }

        @Override
        public String limits() {
            return max == Integer.MAX_VALUE
                    ? String.format(Locale.ROOT, "at least %,d", min)
                    : String.format(Locale.ROOT, "%,d to %,d", min, max);
        }

        @Override
        public Integer parse(String text) {
            try {
                return Integer.valueOf(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a whole number");
            }
        }

        @Override
        public Integer check(String name, Integer value) {
            if (value < min || value > max) {
                String range = max == Integer.MAX_VALUE ? "at least " + min : min + " to " + max;
                throw new IllegalArgumentException(name + " must be " + range + ", was " + value);
            }
            return value;
        }

        @Override
        public String show(Integer value) {
            return value.toString();
        }
    }

    /** A positive duration, at most {@code max} when that is not null. */
    record Span(Duration max) implements Format<Duration> {

        @Override
        public String javaType() {
            return "Duration";
        }

        @Override
        public String written() {
            return "[duration](#durations), " + limits();
        }

        @Override
        public String limits() {
            return max == null ? "positive" : "positive, at most " + Durations.spelled(max);
        }

        @Override
        public Duration parse(String text) {
            return Durations.parse(text);
        }

        @Override
        public Duration check(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            if (max != null && value.compareTo(max) > 0) {
                throw new IllegalArgumentException(
                        name + " must be at most " + Durations.spelled(max) + ", was " + value);
            }
            return value;
        }

        @Override
        public String show(Duration value) {
            return Durations.written(value);
        }
    }

    /** On or off, written {@code true} or {@code false} and nothing else, so that a typo is refused. */
    record Flag() implements Format<Boolean> {

        @Override
        public String javaType() {
            return "boolean";
        }

        @Override
        public String written() {
            return "`true` or `false`";
        }

        @Override
        public String limits() {
            return "`true` or `false`";
        }

        @Override
        public Boolean parse(String text) {
            if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                return Boolean.valueOf(text);
            }
            throw new IllegalArgumentException("'" + text + "' is neither true nor false");
        }

        @Override
        public Boolean check(String name, Boolean value) {
            return Objects.requireNonNull(value, name);
        }

        @Override
        public String show(Boolean value) {
            return value.toString();
        }
    }

    /**
     * A set of names each written as a pattern allows, kept in lower case: the origins allowed besides the
     * application's own, or the hosts it answers to.
     *
     * @param pattern what one name must match, in lower case
     * @param example how an unfit name is described: "an origin such as …"
     * @param written how the value is written, for the docs
     * @param limits the names allowed, for the docs and the builder's Javadoc
     */
    record Names(Pattern pattern, String example, String written, String limits, boolean caseSensitive)
            implements Format<Set<String>> {

        Names(Pattern pattern, String example, String written, String limits) {
            this(pattern, example, written, limits, false);
        }

        /** Origins such as {@code https://app.example.com}, or {@code *}. */
        static Names origins() {
            return new Names(
                    Pattern.compile("\\*|https?://[^/?#\\s]+"),
                    "an origin such as https://app.example.com",
                    "[origins](#origins), separated by commas",
                    "origins such as `https://app.example.com`, or `*`");
        }

        /** Servlet roles such as {@code ops}, or users as {@code user:alice}; as written, case and all. */
        static Names roles() {
            return new Names(
                    Pattern.compile("(user:)?[^,\\s:][^,\\s]*"),
                    "a role such as ops, or a user such as user:alice",
                    "roles, or users written `user:NAME`, separated by commas",
                    "roles such as `ops`, or users such as `user:alice`",
                    true);
        }

        /** Hosts as a {@code Host} header writes them, such as {@code app.example.com:8443}. */
        static Names hosts() {
            return new Names(
                    Pattern.compile(
                            "([a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|\\[[0-9a-f:.]+])(:[0-9]{1,5})?"),
                    "a host such as app.example.com or app.example.com:8443",
                    "host names, each with its port unless it is 80 or 443, separated by commas",
                    "hosts as the `Host` header writes them, such as `app.example.com:8443`");
        }

        @Override
        public String javaType() {
            return "Set<String>";
        }

        @Override
        public Set<String> parse(String text) {
            return text.isEmpty() ? Set.of() : new LinkedHashSet<>(List.of(text.split("\\s*,\\s*")));
        }

        @Override
        public Set<String> check(String name, Set<String> value) {
            Set<String> normalised = new LinkedHashSet<>();
            for (String given : value) {
                String n = caseSensitive ? given.trim() : given.trim().toLowerCase(Locale.ROOT);
                if (!pattern.matcher(n).matches()) {
                    throw new IllegalArgumentException(name + ": '" + given + "' is not " + example);
                }
                normalised.add(n);
            }
            return Set.copyOf(normalised);
        }

        @Override
        public String show(Set<String> value) {
            return value.stream().sorted().collect(Collectors.joining(", ", "[", "]"));
        }
    }

    /** Addresses and CIDR blocks of reverse proxies, such as {@code 10.0.0.0/8} or {@code ::1}. */
    record Proxies() implements Format<List<String>> {

        @Override
        public String javaType() {
            return "List<String>";
        }

        @Override
        public String written() {
            return "addresses and CIDR blocks, separated by commas";
        }

        @Override
        public String limits() {
            return "IP addresses or CIDR blocks such as `10.0.0.0/8`, `2001:db8::/32`; never host names";
        }

        @Override
        public List<String> parse(String text) {
            return text.isEmpty() ? List.of() : List.of(text.split("\\s*,\\s*"));
        }

        @Override
        public List<String> check(String name, List<String> value) {
            for (String entry : value) {
                try {
                    ClientAddresses.check(entry.trim());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
                }
            }
            return value.stream().map(String::trim).toList();
        }

        @Override
        public String show(List<String> value) {
            return String.join(", ", value);
        }
    }

    /** Tab token keys, the signing key first; shown by id alone. */
    record Keys() implements Format<List<TokenKey>> {

        @Override
        public String javaType() {
            return "List<TokenKey>";
        }

        @Override
        public String written() {
            return "[token keys](#token-keys), separated by commas, the signing key first";
        }

        @Override
        public String limits() {
            return "the keys, the signing key first, with distinct ids; empty for a random key per start";
        }

        @Override
        public List<TokenKey> parse(String text) {
            List<TokenKey> keys = new ArrayList<>();
            for (String key : text.isEmpty() ? new String[0] : text.split("\\s*,\\s*")) {
                keys.add(TokenKey.parse(key));
            }
            return keys;
        }

        @Override
        public List<TokenKey> check(String name, List<TokenKey> value) {
            Set<String> ids = new HashSet<>();
            for (TokenKey key : value) {
                if (!ids.add(key.id())) {
                    throw new IllegalArgumentException(name + ": two keys have the id '" + key.id() + "'");
                }
            }
            return List.copyOf(value);
        }

        @Override
        public String show(List<TokenKey> value) {
            return value.stream().map(TokenKey::id).collect(Collectors.joining(", ", "[", "]"));
        }
    }

    /** An object the application builds, such as a mapper: set with the builder alone. */
    record Instance<T>(String javaType, String limits) implements Format<T> {

        @Override
        public String written() {
            return null;
        }

        @Override
        public T parse(String text) {
            throw new UnsupportedOperationException("an object is not written as text");
        }

        @Override
        public T check(String name, T value) {
            return Objects.requireNonNull(value, name);
        }

        @Override
        public String show(T value) {
            Class<?> type = value.getClass();
            // A lambda's or an anonymous class's name says nothing to the reader of a log.
            return type.isSynthetic()
                            || type.isAnonymousClass()
                            || type.getSimpleName().contains("$$Lambda")
                    ? "custom"
                    : type.getSimpleName();
        }
    }
}
