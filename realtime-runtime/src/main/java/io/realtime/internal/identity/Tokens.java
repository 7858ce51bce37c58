package io.realtime.internal.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and verifies tab tokens (design §6, docs/protocol.md "Identity"):
 *
 * <pre>{@code rt1.<key id>.<tab>.<issued>.<expires>.<mac>}</pre>
 *
 * where {@code tab} is 128 random bits in base64url, {@code issued} and {@code expires} are milliseconds since
 * the epoch, and {@code mac} is the base64url HMAC-SHA256, under the named key, of everything before it, a line
 * feed, and the binding. The binding is not in the token: it is recomputed from the request's own cookie session,
 * or without one from the runtime's own {@link BrowserCookie browser cookie}, so a token presented without the
 * cookie it was issued for, or with another, fails like a forged one.
 * Every character is one of {@code [A-Za-z0-9._-]}, so a token fits a header and a WebSocket subprotocol.
 *
 * <p>Thread-safe. Nothing here logs, and no refusal says more than its reason.
 */
public final class Tokens {

    /** What every token starts with: the format's version. */
    public static final String PREFIX = "rt1.";

    /**
     * The binding of a request with neither a cookie session nor a browser cookie. Negotiation issues a token with it
     * only to a page of another origin, which sends no cookie back (docs/security.md, "Tab tokens"): such a token is
     * a bearer credential, and the only kind accepted without a cookie.
     */
    public static final String UNBOUND = "unbound";

    private static final int MAX_LENGTH = 160;
    private static final Pattern SHAPE = Pattern.compile(
            "rt1\\.([A-Za-z0-9_-]{1,32})\\.([A-Za-z0-9_-]{22})\\.([1-9][0-9]{0,15})\\.([1-9][0-9]{0,15})\\.([A-Za-z0-9_-]{43})");
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Why a token is refused; the messages go to the client and never contain the token. */
    public enum Refusal {
        MALFORMED("The tab token is malformed"),
        UNKNOWN_KEY("The tab token was signed with a key this server does not know"),
        MISMATCH("The tab token is not valid for this session"),
        EXPIRED("The tab token has expired");

        private final String message;

        Refusal(String message) {
            this.message = message;
        }

        /** @return the reason, for the client: "negotiate a new one" follows */
        public String message() {
            return message + "; negotiate a new one";
        }
    }

    /**
     * The outcome of a verification.
     *
     * @param tab the tab id of an accepted token, or {@code null}
     * @param refusal why it was refused, or {@code null}
     */
    public record Verdict(String tab, Refusal refusal) {
        public boolean accepted() {
            return refusal == null;
        }
    }

    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    private final String signingKey;
    private final long lifetimeMillis;

    /**
     * A key tokens are signed or verified with.
     *
     * @param id the id tokens signed with it carry
     * @param secret the HMAC-SHA256 secret
     */
    public record Key(String id, byte[] secret) {}

    /**
     * @param keys the signing key first, then keys that verify only; at least one
     * @param lifetime how long a token is accepted after it is issued
     */
    public Tokens(List<Key> keys, Duration lifetime) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("Tokens need a signing key");
        }
        for (Key key : keys) {
            this.keys.put(key.id(), new SecretKeySpec(key.secret(), "HmacSHA256"));
        }
        this.signingKey = keys.get(0).id();
        this.lifetimeMillis = lifetime.toMillis();
    }

    /**
     * A keyed fingerprint of an identifier, for naming a cookie session, a user or a tab to other nodes without
     * revealing it (docs/security.md, "Several nodes"): the first 22 base64url characters (132 bits) of the
     * HMAC-SHA256, under the signing key, of the domain and the identifier. Nodes with the same signing key agree
     * on it; the body {@code control:...} is never that of a token, so a fingerprint never verifies as one.
     *
     * @param domain what the identifier names, such as {@code session}
     * @param identifier the identifier
     * @return 22 characters of {@code [A-Za-z0-9_-]}
     */
    public String fingerprint(String domain, String identifier) {
        return mac(keys.get(signingKey), "control:" + domain, identifier).substring(0, FINGERPRINT_LENGTH);
    }

    /** The length of a {@link #fingerprint}. */
    public static final int FINGERPRINT_LENGTH = 22;

    /** @return the id of the key that signs new tokens */
    public String signingKey() {
        return signingKey;
    }

    /**
     * The binding of a token to a cookie session.
     *
     * @param sessionId the session's id, or {@code null} without a session
     * @return {@link #UNBOUND}, or {@code session:} and the base64url SHA-256 of the id
     */
    public static String binding(String sessionId) {
        return binding(sessionId, null);
    }

    /**
     * The binding of a token to what the request holds: its cookie session if it has one, else the browser cookie
     * the runtime set (docs/protocol.md, "Identity").
     *
     * @param sessionId the session's id, or {@code null} without a session
     * @param browser the value of the browser cookie, or {@code null} without one
     * @return {@code session:} and the base64url SHA-256 of the id, else {@code browser:} and that of the browser
     *     cookie, else {@link #UNBOUND}
     */
    public static String binding(String sessionId, String browser) {
        if (sessionId != null) {
            return "session:" + digest(sessionId);
        }
        return browser == null ? UNBOUND : "browser:" + digest(browser);
    }

    private static String digest(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return BASE64URL.encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** @return a new tab id: 128 random bits, base64url */
    public static String newTab() {
        return random128();
    }

    /** @return a new browser cookie value: 128 random bits, base64url, like a tab id and unrelated to any */
    static String newBrowser() {
        return random128();
    }

    private static String random128() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }

    /**
     * Issues a token.
     *
     * @param binding from {@link #binding(String, String)}
     * @param tab the tab id, from {@link #newTab()} or an accepted token
     * @param nowMillis the issue time
     * @return the token
     */
    public String issue(String binding, String tab, long nowMillis) {
        String body = PREFIX + signingKey + '.' + tab + '.' + nowMillis + '.' + (nowMillis + lifetimeMillis);
        return body + '.' + mac(keys.get(signingKey), body, binding);
    }

    /**
     * Verifies a token: its shape, its key, its signature over the binding (compared in constant time), and its
     * expiry, in that order, so that only an authentic token is told it has expired.
     *
     * @param token the token as the client sent it
     * @param binding the binding of the request's own cookie session or browser cookie
     * @param nowMillis the time to judge the expiry by; the token is valid while it is before {@code expires}
     * @return the verdict
     */
    public Verdict verify(String token, String binding, long nowMillis) {
        if (token.length() > MAX_LENGTH) {
            return new Verdict(null, Refusal.MALFORMED);
        }
        Matcher parts = SHAPE.matcher(token);
        if (!parts.matches()) {
            return new Verdict(null, Refusal.MALFORMED);
        }
        SecretKeySpec key = keys.get(parts.group(1));
        if (key == null) {
            return new Verdict(null, Refusal.UNKNOWN_KEY);
        }
        String body = token.substring(0, parts.start(5) - 1);
        byte[] expected = mac(key, body, binding).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, parts.group(5).getBytes(StandardCharsets.US_ASCII))) {
            return new Verdict(null, Refusal.MISMATCH);
        }
        long issued = Long.parseLong(parts.group(3));
        long expires = Long.parseLong(parts.group(4));
        if (expires <= issued || nowMillis >= expires) {
            return new Verdict(null, Refusal.EXPIRED);
        }
        return new Verdict(parts.group(2), null);
    }

    private static String mac(SecretKeySpec key, String body, String binding) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(body.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '\n');
            return BASE64URL.encodeToString(mac.doFinal(binding.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
