package io.realtime;

/**
 * A finite, resumable stream of events produced once and followed by any number of clients: an answer generated
 * word by word, a job's progress, an export. Obtain one from {@link Topics#run(String)}; start it where the work
 * starts, once per run, and send its events through the sink that {@link #start()} returns.
 *
 * <p>A {@link Stream} or {@link Push} method returns a run, as it would a {@link Topic}, for its client to follow on
 * any transport: from the run's first event, or from the client's cursor when it comes back. The method runs again on
 * every attach, so it decides each time who may follow the run, and may refuse. A client stops the run it follows
 * with a {@code DELETE} on the endpoint's path, for which the method runs again too (docs/protocol.md, "Runs").
 *
 * <p>A run is a topic with an end and a producer. Its events get cursors and are retained like a topic's, on any
 * node sharing the backplane; a reader without a cursor reads the run from its first event. The run goes on whoever
 * follows it, and ends with an {@code end} event, after which nothing is read; a reader positioned at or after the
 * end reads that {@code end} again. Its data says why: {@code {"reason":"complete"}} when the producer closed its
 * sink, {@code "stopped"} after {@link #stop()}, {@code "interrupted"} when the application stopped first.
 *
 * <p>Limits: a run retains at most {@code runMaxEvents} events (10,000 by default), each for {@code runMaxAge}
 * (one hour), like a topic's history; a client that comes back for events no longer retained gets a
 * {@code reset}. Once its events have expired, a run is forgotten like a quiet topic; the application, which knows
 * its runs, should refuse attaches to runs it no longer serves. A name is one run: starting a second run under a
 * name that already holds events is refused. Use names that runs and topics do not share.
 *
 * <p>Threading: safe to use from any thread; the handle is cheap and may be kept or obtained again.
 *
 * @param <T> the type of the event data
 */
public interface Run<T> {

    /**
     * The run's name, as given to {@link Topics#run(String)}.
     *
     * @return the name
     */
    String name();

    /**
     * Starts the run on this node and returns the producer's outlet. {@link EventSink#send} appends an event to the
     * run, serialised as JSON on the calling thread and stored like a topic's (with a remote backplane it waits for
     * the backplane's acknowledgement, for a bounded time, and throws a {@link RealtimeException} if the backplane
     * refuses the event); {@link EventSink#close()} ends the run as complete. Once the run has ended, for whatever
     * reason and from whichever node, the sink is closed: {@code send} returns {@code false}, and the callbacks of
     * {@link EventSink#onClose} run, on the thread that learnt of the end, so they must not block. A stop from a
     * client reaches them within milliseconds on one node, and as fast as the backplane delivers on several.
     *
     * @return the producer's outlet
     * @throws IllegalStateException if the run was started already: it holds events, or this node produces it
     * @throws RealtimeException if the backplane cannot be reached, or the application has as many topics as it may
     */
    EventSink<T> start();

    /**
     * Ends the run as stopped, from any node: clients receive {@code end} with {@code {"reason":"stopped"}}, and the
     * producer's sink closes. Does nothing if the run has ended already. Blocks as a publish does.
     *
     * @throws RealtimeException if the backplane cannot be reached
     */
    void stop();
}
