package io.realtime.chaos;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which of the topics' new epochs the faults explain. A new epoch resets every subscriber of its topic, so it
 * is expected only where history was lost: after Redis restarted without its data. One after a restart that
 * kept the data, or without any Redis fault, is a needless reset of everyone.
 *
 * <p>An epoch is seen when the first event is stored in it, which may be well after the wipe that caused it (no
 * publish gets through while a node restarts on a loaded machine), even after a later restart that kept the data.
 * So a new epoch is explained by a wipe since the topic's previous epoch was seen; each wipe explains at most one
 * new epoch of each topic.
 *
 * @param created epochs begun after each topic's first
 * @param unexplained those with no restart of Redis without its data since the topic's previous epoch
 */
record Epochs(int created, int unexplained) {

    static Epochs of(List<Acks.EpochStart> starts, List<Faults.RedisFault> faults) {
        Map<String, Long> previous = new HashMap<>();
        int created = 0;
        int unexplained = 0;
        for (Acks.EpochStart start : starts) {
            Long since = previous.put(start.topic(), start.nanos());
            if (since == null) {
                continue; // the topic's first epoch
            }
            created++;
            boolean wiped = faults.stream()
                    .anyMatch(fault -> fault.kind() == Fault.REDIS_WIPE
                            && fault.downNanos() - since > 0
                            && fault.downNanos() - start.nanos() <= 0);
            if (!wiped) {
                unexplained++;
            }
        }
        return new Epochs(created, unexplained);
    }
}
