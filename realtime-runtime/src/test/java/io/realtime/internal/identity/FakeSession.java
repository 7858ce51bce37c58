package io.realtime.internal.identity;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory {@link HttpSession} that throws on use once invalidated, as Servlet 6.0 says. */
final class FakeSession implements HttpSession {

    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private volatile String id;
    private volatile long lastAccessed;
    private volatile int maxInactive = 1800;
    private volatile boolean valid = true;

    FakeSession(String id, long lastAccessed) {
        this.id = id;
        this.lastAccessed = lastAccessed;
    }

    void id(String value) {
        id = value;
    }

    void accessed(long millis) {
        lastAccessed = millis;
    }

    @Override
    public long getCreationTime() {
        check();
        return 0;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public long getLastAccessedTime() {
        check();
        return lastAccessed;
    }

    @Override
    public ServletContext getServletContext() {
        return null;
    }

    @Override
    public void setMaxInactiveInterval(int interval) {
        check();
        maxInactive = interval;
    }

    @Override
    public int getMaxInactiveInterval() {
        check();
        return maxInactive;
    }

    @Override
    public Object getAttribute(String name) {
        check();
        return attributes.get(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        check();
        return Collections.enumeration(attributes.keySet());
    }

    @Override
    public void setAttribute(String name, Object value) {
        check();
        attributes.put(name, value);
    }

    @Override
    public void removeAttribute(String name) {
        check();
        attributes.remove(name);
    }

    @Override
    public void invalidate() {
        check();
        valid = false;
    }

    @Override
    public boolean isNew() {
        check();
        return false;
    }

    private void check() {
        if (!valid) {
            throw new IllegalStateException("invalidated");
        }
    }
}
