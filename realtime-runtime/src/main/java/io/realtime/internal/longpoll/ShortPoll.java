package io.realtime.internal.longpoll;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The plain-value shape of {@code @Push}: a short poll. The body is the value's JSON; its {@code ETag} is a
 * digest of those bytes, so a client that sends it back in {@code If-None-Match} gets {@code 304} while the
 * value is unchanged (RFC 9110 §8.8.3 and §13.1.2: weak comparison, {@code *} matches any).
 */
final class ShortPoll {

    private ShortPoll() {}

    static Answer answer(byte[] body, String ifNoneMatch) {
        String etag = etag(body);
        return matches(ifNoneMatch, etag) ? Answer.notModified(etag) : Answer.value(body, etag);
    }

    static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return '"'
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16))
                    + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
