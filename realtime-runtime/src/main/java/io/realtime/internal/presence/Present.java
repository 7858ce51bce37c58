package io.realtime.internal.presence;

import io.realtime.Presence;
import java.util.HashSet;
import java.util.Set;

/** One present tab of a room: its joined connections, and when it leaves if it has none. Guarded by its room. */
final class Present {

    final String id;
    final String userKey;
    final String user;
    String name;
    final Set<String> connections = new HashSet<>(2);
    boolean listed;
    /** When the tab leaves, having no connection left; 0 while it has one. */
    long leavesAt;

    Present(String id, String user, String userKey, String name) {
        this.id = id;
        this.user = user;
        this.userKey = userKey;
        this.name = name;
    }

    Presence.Member member() {
        return new Presence.Member(id, user, name, connections.size());
    }

    Seen seen() {
        return new Seen(id, user, name);
    }

    /** A member as other clients see it: no connection count, which changes without an event. */
    record Seen(String id, String user, String name) {}
}
