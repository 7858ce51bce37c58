package io.realtime.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script shipped in this package, run by its digest, and sent whole when Redis does not know it. On a
 * cluster each master keeps its own script cache; the client sends a script to the master of its first key.
 */
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

    /**
     * Loads a script.
     *
     * @param resources the resources that make up the script, one after the other: shared functions first
     */
    static Script load(String... resources) {
        StringBuilder source = new StringBuilder();
        for (String resource : resources) {
            try (InputStream in = Script.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("Missing resource " + resource);
                }
                source.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Script(source.toString());
    }

    /**
     * Runs the script. A restarted or flushed Redis has forgotten it; it then gets the source, once.
     *
     * @return the script's reply, an array
     */
    List<Object> run(RedisScriptingCommands<String, byte[]> redis, String[] keys, byte[]... args) {
        try {
            return redis.evalsha(digest, ScriptOutputType.MULTI, keys, args);
        } catch (RedisNoScriptException forgotten) {
            return redis.eval(source, ScriptOutputType.MULTI, keys, args);
        }
    }
}
