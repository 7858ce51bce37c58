package io.realtime.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * The payload every variant broadcasts: a sequence number, the wall-clock time of the publish in microseconds,
 * and padding to a chosen size. Every variant sends exactly the bytes of {@link #json()}: the hand-written and
 * Atmosphere variants send that string, the library serialises this record with Jackson, which gives the same
 * bytes (a test checks it). The load generator finds {@code "seq":} and {@code "sent":} in whatever framing
 * carries them and measures latency against its own clock: the server and the clients run on one machine, so
 * both read the same wall clock.
 *
 * @param seq 1, 2, 3... in publish order, per server
 * @param sent microseconds since the epoch when the tick was due: for ticks at a rate, the time the schedule
 *     gave it, so that a publish that blocks (the hand-written variants send on the publishing thread) cannot
 *     hide how long the ticks behind it waited; for ticks back to back, just before the publish
 * @param pad filler: lower-case letters drawn from a generator seeded with {@code seq}, so that a message
 *     compresses about as well as text does (permessage-deflate would shrink a repeated letter to nothing)
 */
public record Tick(long seq, long sent, String pad) {

    /** The JSON of a tick without padding is this long with one-digit numbers; padding makes up the rest. */
    private static final int BARE = "{\"seq\":0,\"sent\":0,\"pad\":\"\"}".length();

    /**
     * A tick stamped now, padded so that its JSON is about {@code size} bytes (the numbers vary in length).
     *
     * @param seq the sequence number
     * @param size the intended JSON size in bytes
     * @return the tick
     */
    public static Tick now(long seq, int size) {
        return at(seq, nowMicros(), size);
    }

    /**
     * A tick stamped with the time it was due.
     *
     * @param seq the sequence number
     * @param dueMicros microseconds since the epoch
     * @param size the intended JSON size in bytes
     * @return the tick
     */
    public static Tick at(long seq, long dueMicros, int size) {
        return new Tick(seq, dueMicros, letters(seq, Math.max(0, size - BARE - 20)));
    }

    private static String letters(long seed, int length) {
        SplittableRandom random = new SplittableRandom(seed);
        char[] letters = new char[length];
        for (int i = 0; i < length; i++) {
            letters[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(letters);
    }

    /**
     * The wall clock in microseconds since the epoch, as {@link #sent()} records it.
     *
     * @return microseconds
     */
    public static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /**
     * The compact JSON, as Jackson writes this record.
     *
     * @return {@code {"seq":1,"sent":...,"pad":"xxx"}}
     */
    public String json() {
        return "{\"seq\":" + seq + ",\"sent\":" + sent + ",\"pad\":\"" + pad + "\"}";
    }

    /**
     * The JSON as UTF-8 bytes.
     *
     * @return the bytes
     */
    public byte[] bytes() {
        return json().getBytes(StandardCharsets.UTF_8);
    }
}
