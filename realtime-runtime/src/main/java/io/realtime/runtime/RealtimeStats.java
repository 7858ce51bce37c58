package io.realtime.runtime;

/**
 * A snapshot of what one application's runtime holds, for monitoring and for tests that check nothing is
 * left behind.
 *
 * @param connections open streaming connections, on every transport
 * @param subscriptions topic subscriptions, over all topics
 * @param topics live topics
 * @param queuedMessages events addressed to single connections that wait to be written, over all connections
 * @param pendingTasks application-method calls and connection writes waiting for or holding a runtime thread
 * @param waitingPolls long-poll requests held open, waiting for something to answer
 * @param tabs browser tabs whose state ({@code RealtimeSession.attributes()}) the runtime keeps
 * @param httpSessions HTTP sessions the runtime follows: those with connections open, or whose timeout it
 *     stretched while they had some
 * @param sharedSubscriptions endpoint subscriptions carried by shared connections ({@code /realtime/mux}), which
 *     count in {@code connections} as one connection each, whatever their subscriptions
 */
public record RealtimeStats(
        int connections,
        int subscriptions,
        int topics,
        int queuedMessages,
        int pendingTasks,
        int waitingPolls,
        int tabs,
        int httpSessions,
        int sharedSubscriptions) {}
