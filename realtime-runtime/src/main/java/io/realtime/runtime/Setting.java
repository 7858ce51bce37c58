package io.realtime.runtime;

import java.util.Locale;
import java.util.Optional;

/**
 * One setting of {@link RealtimeConfig}, declared once in {@link Settings}: the builder, the accessor, the
 * context parameter, the property, the checks, the startup summary and {@code docs/configuration.md} all follow
 * from it (a test holds the doc and the Javadoc to it). Texts are Markdown: {@code `code`}.
 *
 * @param index the setting's place in {@link Settings#ALL}, where a configuration keeps its value
 * @param name the builder method's and the accessor's name, such as {@code historyMaxEvents}
 * @param group where the docs and the class list it
 * @param format how it is written and checked
 * @param initial the default ({@code null} for an optional object the runtime replaces with its own)
 * @param shownDefault the default in words where the value alone says too little, or {@code null}
 * @param summary what it is, as a phrase that completes "Returns ..." (the accessor's {@code @return})
 * @param details the rest of what a user needs to know: sentences, or empty
 * @param example a value as a context parameter writes it; for an object, a Java expression that builds one
 */
record Setting<T>(
        int index,
        String name,
        Group group,
        Format<T> format,
        T initial,
        String shownDefault,
        String summary,
        String details,
        String example) {

    /** Prefix of context parameters and properties. */
    static final String PREFIX = "realtime.";

    /** The sections of the docs and of {@link RealtimeConfig}, in their order. */
    enum Group {
        DELIVERY("Delivery", "What each topic keeps for clients that come back, and what a connection may hold."),
        TRANSPORTS("Transports", "How streams stay alive and how long-poll answers are held and sized."),
        LIMITS("Limits", "What one client, one session or one address may take, so that none locks the others out."),
        IDENTITY("Identity and origins", "Tabs, their tokens, and who may connect from another origin."),
        SERVICES("Services", "The threads and objects the runtime works with.");

        final String title;
        final String intro;

        Group(String title, String intro) {
            this.title = title;
            this.intro = intro;
        }
    }

    /** @return {@code realtime.<name>}, or empty for an object, which only the builder sets */
    Optional<String> contextParameter() {
        return format.written() == null ? Optional.empty() : Optional.of(PREFIX + name);
    }

    /** @return {@code realtime.<name in kebab-case>}, as Spring Boot writes it, or empty for an object */
    Optional<String> property() {
        return contextParameter().map(ignored -> PREFIX + kebab(name));
    }

    /** @return the default as the docs and the Javadoc state it */
    String defaultText() {
        return shownDefault != null ? shownDefault : "`" + format.show(initial) + "`";
    }

    T parse(String text) {
        return format.check(name, format.parse(text));
    }

    T check(T value) {
        return format.check(name, value);
    }

    @SuppressWarnings("unchecked") // the configuration stores each value at its setting's index, checked on entry
    T cast(Object value) {
        return (T) value;
    }

    static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
