package io.realtime.chaos;

/**
 * A cursor as a client reads it: {@code <epoch>:<offset>} (docs/protocol.md, "Cursors").
 *
 * @param epoch the epoch
 * @param offset the offset, 0 before the first event
 */
record Position(String epoch, long offset) {

    /**
     * @param cursor such as {@code Q2hhbmdl:42}
     * @return the position
     * @throws IllegalArgumentException if it is not a cursor
     */
    static Position of(String cursor) {
        int colon = cursor == null ? -1 : cursor.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("Not a cursor: " + cursor);
        }
        try {
            return new Position(cursor.substring(0, colon), Long.parseLong(cursor.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a cursor: " + cursor, e);
        }
    }

    /** @return whether this is at or after {@code other} in the same epoch */
    boolean reached(Position other) {
        return epoch.equals(other.epoch) && offset >= other.offset;
    }

    @Override
    public String toString() {
        return epoch + ':' + offset;
    }
}
