package io.realtime.chaos;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which of the topics' new epochs the faults explain. A new epoch resets every subscriber of its topic, so it
 * is expected only where history was lost: after Redis restarted without its data. One after a restart that
 * kept the data, or without any Redis fault, is a needless reset of everyone.
 *
 * @param created epochs begun after each topic's first
 * @param unexplained those not after a restart of Redis without its data
 */
record Epochs(int created, int unexplained) {

    static Epochs of(List<Acks.EpochStart> starts, List<Faults.RedisFault> faults) {
        Set<String> seen = new HashSet<>();
        int created = 0;
        int unexplained = 0;
        for (Acks.EpochStart start : starts) {
            if (seen.add(start.topic())) {
                continue; // the topic's first epoch
            }
            created++;
            Faults.RedisFault before = null;
            for (Faults.RedisFault fault : faults) {
                if (fault.downNanos() - start.nanos() <= 0) {
                    before = fault;
                }
            }
            if (before == null || before.kind() != Fault.REDIS_WIPE) {
                unexplained++;
            }
        }
        return new Epochs(created, unexplained);
    }
}
