package io.realtime.chaos;

import io.realtime.chaos.node.Tick;

/**
 * One subscriber's check of the invariant, event by event (docs/reliability.md): after dropping duplicates by
 * cursor, every event of its topic exactly once and in order, or an explicit reset followed by the events after
 * it. An event past a gap, or in another epoch without a reset, is a breach; so is data that is not the tick the
 * publisher was told was stored at that cursor.
 *
 * <p>Thread-safe: a client's callbacks and the run's checks may call it from any thread.
 */
final class Ledger {

    private final String name;
    private final String topic;
    private final int history;
    private final Acks acks;
    private final Tally tally;
    private Position position;
    private long lost;

    /**
     * @param name the subscriber, for descriptions
     * @param topic its topic's short name
     * @param history how many events the servers retain per topic
     */
    Ledger(String name, String topic, int history, Acks acks, Tally tally) {
        this.name = name;
        this.topic = topic;
        this.history = history;
        this.acks = acks;
        this.tally = tally;
    }

    /** Where the subscriber starts: the head when it first asked, so that everything after it is checked. */
    synchronized void start(Position at) {
        position = at;
    }

    /** @return the cursor of the last event processed, to resume from; {@code null} before {@link #start} */
    synchronized Position position() {
        return position;
    }

    /** @return how many events this subscriber lost */
    synchronized long lost() {
        return lost;
    }

    /**
     * A topic event.
     *
     * @param id its cursor
     * @param data its JSON data
     */
    synchronized void event(String id, String data) {
        Position at;
        try {
            at = Position.of(id);
        } catch (IllegalArgumentException e) {
            tally.violation(name + ": an event with the id " + id);
            return;
        }
        if (position == null) {
            tally.violation(name + ": event " + at + " before the subscriber knew where it started");
            position = at;
            return;
        }
        if (!at.epoch().equals(position.epoch())) {
            tally.violation(name + ": event " + at + " in another epoch than " + position + " without a reset");
            position = at;
            return;
        }
        if (at.offset() <= position.offset()) {
            tally.duplicates.increment();
            return;
        }
        if (at.offset() > position.offset() + 1) {
            long missing = at.offset() - position.offset() - 1;
            lost += missing;
            tally.lost.add(missing);
            tally.describe(name + ": " + missing + " events lost between " + position + " and " + at);
        }
        tally.deliveries.increment();
        check(at, data);
        position = at;
    }

    /**
     * A reset: the subscriber continues after {@code cursor}.
     *
     * @param cursor the reset's cursor
     */
    synchronized void reset(String cursor) {
        Position to;
        try {
            to = Position.of(cursor);
        } catch (IllegalArgumentException e) {
            tally.violation(name + ": a reset to " + cursor);
            return;
        }
        if (position == null || !to.epoch().equals(position.epoch())) {
            tally.epochResets.increment();
        } else if (to.offset() - position.offset() > history) {
            tally.windowResets.increment();
        } else {
            tally.needlessResets.increment();
            tally.describe(name + ": reset from " + position + " to " + to + " while the events were retained");
        }
        position = to;
    }

    private void check(Position at, String data) {
        Tick tick = Tick.parse(data);
        if (tick == null || !tick.topic().equals(topic)) {
            tally.wrongData.increment();
            tally.describe(name + ": event " + at + " carries " + data);
            return;
        }
        long stored = acks.seqAt(topic, at);
        if (stored != 0 && stored != tick.seq()) {
            tally.wrongData.increment();
            tally.describe(name + ": event " + at + " is tick " + tick.seq() + ", stored was tick " + stored);
        }
    }
}
