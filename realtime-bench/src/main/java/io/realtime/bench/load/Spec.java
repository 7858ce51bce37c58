package io.realtime.bench.load;

/**
 * What kind of client to open.
 *
 * @param transport how it follows the topic
 * @param dialect how the server is addressed
 * @param room the room's number, or -1 for the main topic
 * @param position where to resume from, or {@code null} to start from now
 * @param deflate whether a WebSocket client offers permessage-deflate (RFC 7692)
 * @param receiveBuffer the socket receive buffer in bytes, 0 for the system's default
 */
record Spec(Transport transport, Dialect dialect, int room, String position, boolean deflate, int receiveBuffer) {

    Spec(Transport transport, Dialect dialect) {
        this(transport, dialect, -1, null, false, 0);
    }

    Spec in(int room) {
        return new Spec(transport, dialect, room, position, deflate, receiveBuffer);
    }

    Spec from(String position) {
        return new Spec(transport, dialect, room, position, deflate, receiveBuffer);
    }
}
