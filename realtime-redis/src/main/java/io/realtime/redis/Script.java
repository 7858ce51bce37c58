package io.realtime.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** A Lua script shipped in this package, run by its digest, and sent whole when Redis does not know it. */
final class Script {

    private final String source;
    private final String digest;

    private Script(String source) {
        this.source = source;
        try {
            this.digest = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }

    static Script load(String resource) {
        try (InputStream in = Script.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource);
            }
            return new Script(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the script. A restarted or flushed Redis has forgotten it; it then gets the source, once.
     *
     * @return the script's reply, an array
     */
    List<Object> run(RedisCommands<String, byte[]> redis, String[] keys, byte[]... args) {
        try {
            return redis.evalsha(digest, ScriptOutputType.MULTI, keys, args);
        } catch (RedisNoScriptException forgotten) {
            return redis.eval(source, ScriptOutputType.MULTI, keys, args);
        }
    }
}
