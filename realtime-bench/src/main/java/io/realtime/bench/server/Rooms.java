package io.realtime.bench.server;

/**
 * The topics every variant serves: the main topic at {@code /ws}, {@code /sse} and {@code /poll}, and numbered
 * rooms at {@code /ws/<n>}, {@code /sse/<n>} and {@code /poll/<n>}, for the scenario of many topics with few
 * subscribers each. A topic is named by a string: {@link #MAIN}, or the room's number.
 */
public final class Rooms {

    /** The name of the main topic. */
    public static final String MAIN = "main";

    private Rooms() {}

    /**
     * The topic a servlet request addresses, from its path info.
     *
     * @param pathInfo {@code null} or {@code /} for the main topic, {@code /17} for room 17
     * @return the topic's name
     */
    public static String of(String pathInfo) {
        if (pathInfo == null || pathInfo.length() <= 1) {
            return MAIN;
        }
        return pathInfo.substring(1);
    }

    /**
     * The topic of room {@code index}.
     *
     * @param index 0, 1, 2...
     * @return its name
     */
    public static String room(int index) {
        return String.valueOf(index);
    }
}
