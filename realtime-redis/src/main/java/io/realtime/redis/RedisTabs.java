package io.realtime.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import io.realtime.spi.BackplaneException;
import io.realtime.spi.TabStore;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tab attributes in Redis: one hash per tab, {@code <prefix>tab:{<fingerprint>}}, whose fields are the attributes.
 * Every call is one run of {@code tab.lua}, atomic on the tab's slot, which also sets the hash's expiry; on a cluster
 * the tabs spread over the masters by their fingerprints. A put that would give the tab more attributes than the
 * runtime allows is refused by the script itself, so nodes that add at once cannot pass the bound.
 */
final class RedisTabs implements TabStore {

    private static final Script TAB = Script.load("tab.lua");
    private static final byte[] LOAD = ascii("load");
    private static final byte[] PUT = ascii("put");
    private static final byte[] REMOVE = ascii("remove");
    private static final byte[] DELETE = ascii("delete");
    private static final byte[] TOUCH = ascii("touch");
    private static final byte[] NONE = new byte[0];

    private final RedisScriptingCommands<String, byte[]> redis;
    private final Keys keys;

    RedisTabs(RedisScriptingCommands<String, byte[]> redis, Keys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public Map<String, byte[]> load(String tab, long ttlMillis) {
        List<Object> flat = run("read", tab, LOAD, ttl(ttlMillis));
        Map<String, byte[]> attributes = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            attributes.put(Entry.text(flat.get(i)), (byte[]) flat.get(i + 1));
        }
        return attributes;
    }

    @Override
    public boolean put(String tab, String key, byte[] value, int maxKeys, long ttlMillis) {
        List<Object> reply = run("write", tab, PUT, ttl(ttlMillis), utf8(key), value, ascii(Integer.toString(maxKeys)));
        return Long.valueOf(1).equals(reply.get(0));
    }

    @Override
    public void remove(String tab, String key, long ttlMillis) {
        run("write", tab, REMOVE, ttl(ttlMillis), utf8(key));
    }

    @Override
    public void delete(String tab) {
        run("delete", tab, DELETE, NONE);
    }

    @Override
    public void touch(String tab, long ttlMillis) {
        run("keep", tab, TOUCH, ttl(ttlMillis));
    }

    // The message may reach the application (as the cause of an IllegalStateException): it names no host or reply.
    private List<Object> run(String action, String tab, byte[]... args) {
        try {
            return TAB.run(redis, new String[] {keys.tab(tab)}, args);
        } catch (RedisException e) {
            throw new BackplaneException(
                    "Could not " + action + " a tab's attributes on Redis ("
                            + e.getClass().getSimpleName() + ")",
                    e);
        }
    }

    private static byte[] ttl(long millis) {
        return ascii(Long.toString(Math.max(1, millis)));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
