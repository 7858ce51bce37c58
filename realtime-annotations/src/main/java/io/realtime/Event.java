package io.realtime;

import java.util.Objects;
import java.util.Set;

/**
 * An event name paired with its data. Per-client streams ({@code Flow.Publisher}, {@code Stream},
 * {@code Iterable}) and sinks may emit these to name their events; plain items are named {@code message}.
 *
 * <p>Names are 1 to 64 characters without control characters. The names {@code open}, {@code error},
 * {@code reset}, {@code end}, {@code reconnect}, {@code revoked} and {@code state} are reserved by the protocol
 * (and by the browser's {@code EventSource} and {@code realtime.js}) and rejected.
 *
 * @param <T> the type of the data
 */
public final class Event<T> {

    /** The name of events published without one. */
    public static final String DEFAULT_NAME = "message";

    private static final Set<String> RESERVED =
            Set.of("open", "error", "reset", "end", "reconnect", "revoked", "state");

    private final String name;
    private final T data;

    private Event(String name, T data) {
        this.name = name;
        this.data = data;
    }

    /**
     * Creates an event.
     *
     * @param name the event name
     * @param data the data, serialised as JSON when sent
     * @param <T> the type of the data
     * @return the event
     * @throws IllegalArgumentException if the name is empty, longer than 64 characters, holds a control
     *     character or is reserved
     */
    public static <T> Event<T> of(String name, T data) {
        return new Event<>(checkName(name), Objects.requireNonNull(data, "data"));
    }

    /**
     * Checks an event name against the rules of {@link #of(String, Object)}.
     *
     * @param name the name to check
     * @return the name
     * @throws IllegalArgumentException if the name breaks a rule
     */
    public static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > 64) {
            throw new IllegalArgumentException("Event name must be 1 to 64 characters, was " + name.length());
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new IllegalArgumentException("Event name must not contain control characters");
            }
        }
        if (RESERVED.contains(name)) {
            throw new IllegalArgumentException(
                    "Event name '" + name + "' is reserved by the protocol; reserved: " + RESERVED);
        }
        return name;
    }

    /**
     * The event name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The event data.
     *
     * @return the data
     */
    public T data() {
        return data;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Event<?> that && name.equals(that.name) && data.equals(that.data);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + data.hashCode();
    }

    @Override
    public String toString() {
        return "Event[" + name + "]";
    }
}
