package io.realtime.internal.longpoll;

import io.realtime.internal.Json;
import io.realtime.internal.outbound.Delivery;
import io.realtime.internal.outbound.OutboundServices;
import io.realtime.internal.topic.TopicRegistry;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the long-poll transport uses, built by the runtime.
 *
 * @param outbound what the writer of each per-client stream's poll connection needs; its writers also answer polls
 * @param workers where endpoint methods run; may refuse work when saturated (then {@code 503})
 * @param scheduler ends holds and removes poll connections that linger
 * @param waiting the polls held open, answered at once when the application stops
 * @param topics the application's topics
 * @param delivery wires a per-client stream into a poll connection
 * @param json the application's mapper, for the values of short polls and completion stages
 * @param maxHold the longest hold, and the hold of a poll that names none
 * @param maxEvents the most events one answer carries
 * @param maxBytes the most bytes of events one answer carries; an answer always carries at least one event
 * @param maxPollsPerSession polls and poll connections one HTTP session may have in progress
 * @param maxPollsPerAddress polls and poll connections one client address may have in progress
 * @param stallTimeout how long a poll connection lives without a poll, and lingers once closed
 */
public record PollServices(
        OutboundServices outbound,
        Executor workers,
        ScheduledExecutorService scheduler,
        WaitingPolls waiting,
        TopicRegistry topics,
        Delivery delivery,
        Json json,
        Duration maxHold,
        int maxEvents,
        int maxBytes,
        int maxPollsPerSession,
        int maxPollsPerAddress,
        Duration stallTimeout) {}
