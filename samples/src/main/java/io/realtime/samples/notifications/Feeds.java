package io.realtime.samples.notifications;

import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Names the topic of a cookie session's notification feed. The name is derived from the session id by SHA-256,
 * so the id itself, a credential, never appears in topic names, statistics or logs; the same session always
 * finds the same feed, and no other session can.
 */
final class Feeds {

    private Feeds() {}

    static String topic(HttpSession session) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(session.getId().getBytes(StandardCharsets.UTF_8));
            return "notifications:" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }
}
