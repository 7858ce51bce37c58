package io.realtime.runtime;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A secret that signs and verifies tab tokens (HMAC-SHA256), named by an id that every token carries, so that
 * keys can be rotated: sign with a new key while older ones still verify the tokens they signed.
 *
 * <p>Several nodes serving one application need the same keys, from configuration ({@link
 * RealtimeConfig.Builder#tokenKeys}); without any, each runtime generates a random key when it starts, and its
 * tokens are refused by other nodes and after a restart (clients then negotiate a new tab).
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows the id only: the secret never reaches a log.
 */
public final class TokenKey {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final int MIN_SECRET = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String id;
    private final byte[] secret;

    private TokenKey(String id, byte[] secret) {
        this.id = id;
        this.secret = secret;
    }

    /**
     * A key.
     *
     * @param id 1 to 32 characters of {@code [A-Za-z0-9_-]}, such as {@code 2025-06}
     * @param secret at least 32 bytes, from a secure random source; copied
     * @return the key
     * @throws IllegalArgumentException if the id or the secret's length is unfit (the message never shows the
     *     secret)
     */
    public static TokenKey of(String id, byte[] secret) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(secret, "secret");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "A token key id is 1 to 32 characters of [A-Za-z0-9_-], was '" + id + "'");
        }
        if (secret.length < MIN_SECRET) {
            throw new IllegalArgumentException("The secret of token key '" + id + "' has " + secret.length
                    + " bytes; HMAC-SHA256 needs at least " + MIN_SECRET);
        }
        return new TokenKey(id, secret.clone());
    }

    /**
     * Reads a key written as {@code <id>:<secret in base64url or base64>}, the form of the {@code
     * realtime.tokenKeys} context parameter.
     *
     * @param text such as {@code 2025-06:q1w2...}
     * @return the key
     * @throws IllegalArgumentException if it is not such a key (the message never shows the secret)
     */
    public static TokenKey parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("A token key is written <id>:<base64 secret>");
        }
        String id = text.substring(0, colon).trim();
        String encoded = text.substring(colon + 1).trim();
        byte[] secret;
        try {
            secret = encoded.indexOf('-') >= 0 || encoded.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(encoded)
                    : Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("The secret of token key '" + id + "' is not base64 or base64url");
        }
        return of(id, secret);
    }

    /**
     * A key with a random id and secret, as a runtime uses when none is configured.
     *
     * @return a new key, different each time
     */
    public static TokenKey random() {
        byte[] secret = new byte[MIN_SECRET];
        RANDOM.nextBytes(secret);
        byte[] id = new byte[6];
        RANDOM.nextBytes(id);
        return new TokenKey("r" + Base64.getUrlEncoder().withoutPadding().encodeToString(id), secret);
    }

    /**
     * The id that tokens signed with this key carry.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * The secret, for the runtime's signer. Keep it out of logs and messages.
     *
     * @return a copy of the secret
     */
    public byte[] secret() {
        return secret.clone();
    }

    /** Equal when both the id and the secret are. */
    @Override
    public boolean equals(Object other) {
        return other instanceof TokenKey key && id.equals(key.id) && Arrays.equals(secret, key.secret);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    /** The id alone, such as {@code TokenKey[2025-06]}. */
    @Override
    public String toString() {
        return "TokenKey[" + id + "]";
    }
}
