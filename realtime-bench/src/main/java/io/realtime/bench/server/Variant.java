package io.realtime.bench.server;

import io.realtime.bench.Tick;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;

/**
 * One way of doing the benchmark's job: serve the endpoints {@code /ws} (WebSocket), {@code /sse} (Server-Sent
 * Events) and {@code /poll} (long-poll), or their equivalents, for the main topic and for numbered rooms
 * ({@link Rooms}), and broadcast every {@link Tick} to every client of its topic over every transport. The same
 * variant runs unchanged on every {@link Container}.
 *
 * <p>Threading: {@link #install} runs once while the application starts; {@link #publish} on the publisher's
 * thread, one call at a time; {@link #subscribers} on any thread.
 */
public interface Variant {

    /**
     * Adds the variant's servlets and WebSocket endpoints. The WebSocket container is already published in the
     * context attribute {@code jakarta.websocket.server.ServerContainer} when this runs.
     *
     * @param context the starting application
     * @throws ServletException if the container refuses an endpoint
     */
    void install(ServletContext context) throws ServletException;

    /**
     * Broadcasts one tick to every subscriber of a topic. Never blocks on a client.
     *
     * @param topic {@link Rooms#MAIN} or a room's number
     * @param tick the payload
     */
    void publish(String topic, Tick tick);

    /**
     * How many clients the next publish would reach now, over every topic: open streams and WebSockets, and
     * waiting polls.
     *
     * @return the count
     */
    int subscribers();

    /**
     * The variant for a name.
     *
     * @param name {@code library}, {@code strong}, {@code naive} or {@code atmosphere}
     * @return a new, not yet installed variant
     * @throws IllegalArgumentException for any other name
     */
    static Variant named(String name) {
        return switch (name) {
            case "library" -> new io.realtime.bench.server.library.LibraryVariant();
            case "strong" -> new io.realtime.bench.server.strong.StrongVariant();
            case "naive" -> new io.realtime.bench.server.naive.NaiveVariant();
            // Compiled for Java 21 apart from the rest (Atmosphere 4 needs 21): loaded by name only.
            case "atmosphere" -> load("io.realtime.bench.server.atmosphere.AtmosphereVariant");
            default -> throw new IllegalArgumentException("Unknown variant: " + name);
        };
    }

    private static Variant load(String className) {
        try {
            return (Variant) Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException(
                    "Cannot load " + className + " (it needs Java 21 or later, and the build's Atmosphere classes)", e);
        }
    }
}
