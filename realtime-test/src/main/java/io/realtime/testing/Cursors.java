package io.realtime.testing;

/** Reads cursors out of long-poll answers, for tests that send their own requests. */
public final class Cursors {

    private Cursors() {}

    /**
     * The {@code cursor} of a batch, reset or session answer.
     *
     * @param body the answer's JSON, such as {@code {"cursor":"Q2hhbmdl:41","events":[]}}
     * @return the cursor, such as {@code Q2hhbmdl:41}
     * @throws AssertionError if the body has none
     */
    public static String of(String body) {
        int start = body.indexOf("\"cursor\":\"");
        if (start < 0) {
            throw new AssertionError("No cursor in " + body);
        }
        start += "\"cursor\":\"".length();
        return body.substring(start, body.indexOf('"', start));
    }

    /**
     * The epoch part of a cursor.
     *
     * @param cursor such as {@code Q2hhbmdl:41}
     * @return such as {@code Q2hhbmdl}
     */
    public static String epochOf(String cursor) {
        return cursor.substring(0, cursor.lastIndexOf(':'));
    }
}
