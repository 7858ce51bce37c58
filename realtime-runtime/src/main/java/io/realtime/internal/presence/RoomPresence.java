package io.realtime.internal.presence;

import io.realtime.Connection;
import io.realtime.Presence;
import java.security.Principal;
import java.util.Objects;

/** The {@link Presence} of one topic handed to applications: the registry and the topic's name. */
final class RoomPresence implements Presence {

    static final int MAX_NAME = 64;

    private final PresenceRegistry registry;
    private final String topic;

    RoomPresence(PresenceRegistry registry, String topic) {
        this.registry = registry;
        this.topic = topic;
    }

    @Override
    public void join(Connection<?> connection, String name) {
        Objects.requireNonNull(connection, "connection");
        checkName(name);
        String tab = connection.session().id();
        String user = connection.session().user().map(Principal::getName).orElse("");
        String id = connection.id();
        @SuppressWarnings("unchecked") // the list is sent as JSON whatever the connection's declared event type
        Connection<Object> any = (Connection<Object>) connection;
        if (registry.join(topic, tab, user, name, id, list -> any.send("presence", list))) {
            connection.onClose(() -> registry.leave(topic, tab, id)); // runs at once on a closed connection
        }
    }

    @Override
    public void leave(Connection<?> connection) {
        registry.leave(topic, connection.session().id(), connection.id());
    }

    @Override
    public Occupancy occupancy() {
        return registry.occupancy(topic);
    }

    @Override
    public Roster roster() {
        return registry.roster(topic);
    }

    @Override
    public String toString() {
        return "Presence[" + topic + ']';
    }

    private static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.length() > MAX_NAME) {
            throw new IllegalArgumentException(
                    "A presence name is at most " + MAX_NAME + " characters, was " + name.length());
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new IllegalArgumentException("A presence name must not contain control characters");
            }
        }
    }
}
