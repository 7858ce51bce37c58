package io.realtime.spring.boot;

import io.realtime.runtime.RealtimeHealth;
import jakarta.servlet.ServletContext;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The runtime's readiness in Actuator's terms, the same on Boot 3 and Boot 4 (whose {@code HealthIndicator} lives
 * in another package; {@link Boot3HealthIndicator}, {@link Boot4HealthIndicator}): {@code UP} when ready,
 * {@code DOWN} when the backplane cannot be reached, {@code OUT_OF_SERVICE} while the runtime drains or when it does
 * not run, with the details {@code state} and {@code backplane} as {@code /realtime/health} states them.
 *
 * @param status an Actuator status code
 * @param details what the status rests on; nothing secret
 */
record HealthReport(String status, Map<String, Object> details) {

    static final String UP = "UP";
    static final String DOWN = "DOWN";
    static final String OUT_OF_SERVICE = "OUT_OF_SERVICE";

    /** @return the report for the runtime the starter started, {@code OUT_OF_SERVICE} before the server starts it */
    static HealthReport of(RealtimeStarter starter) {
        ServletContext context = starter.context();
        return of(
                context == null ? new RealtimeHealth(RealtimeHealth.State.STOPPED, false) : RealtimeHealth.of(context));
    }

    static HealthReport of(RealtimeHealth health) {
        String status = health.state() != RealtimeHealth.State.RUNNING
                ? OUT_OF_SERVICE
                : health.backplaneReachable() ? UP : DOWN;
        String backplane = health.state() == RealtimeHealth.State.STOPPED
                ? "unknown"
                : health.backplaneReachable() ? "up" : "down";
        Map<String, Object> details = new LinkedHashMap<>(); // in the order /realtime/health writes them
        details.put("state", health.state().name().toLowerCase(Locale.ROOT));
        details.put("backplane", backplane);
        return new HealthReport(status, Collections.unmodifiableMap(details));
    }
}
