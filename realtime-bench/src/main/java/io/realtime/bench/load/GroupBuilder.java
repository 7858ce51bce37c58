package io.realtime.bench.load;

/** The kind of clients a {@link Group} opens; each setting has a default, so the common case is one call. */
public final class GroupBuilder {

    private final LoadGenerator generator;
    private Spec spec;
    private int rooms;
    private int connecting = Group.CONNECTING;

    GroupBuilder(LoadGenerator generator, Spec spec) {
        this.generator = generator;
        this.spec = spec;
    }

    /**
     * Spreads the clients over rooms: client {@code k} follows room {@code k mod rooms}.
     *
     * @param count how many rooms
     * @return this
     */
    public GroupBuilder rooms(int count) {
        this.rooms = count;
        return this;
    }

    /**
     * Gives each client a small, fixed socket receive buffer, so that when it stops reading the server feels it
     * after a few kilobytes rather than megabytes.
     *
     * @param bytes the socket receive buffer
     * @return this
     */
    public GroupBuilder receiveBuffer(int bytes) {
        spec = new Spec(spec.transport(), spec.dialect(), spec.room(), spec.position(), spec.deflate(), bytes);
        return this;
    }

    /**
     * Makes WebSocket clients offer permessage-deflate.
     *
     * @param offer whether they offer it
     * @return this
     */
    public GroupBuilder deflate(boolean offer) {
        spec = new Spec(spec.transport(), spec.dialect(), spec.room(), spec.position(), offer, spec.receiveBuffer());
        return this;
    }

    /**
     * How many connections may be set up at once (200 by default).
     *
     * @param count the limit
     * @return this
     */
    public GroupBuilder connecting(int count) {
        this.connecting = count;
        return this;
    }

    /**
     * The group, empty.
     *
     * @return the group, to {@link Group#grow grow}
     */
    public Group build() {
        return new Group(generator, spec, rooms, connecting);
    }
}
