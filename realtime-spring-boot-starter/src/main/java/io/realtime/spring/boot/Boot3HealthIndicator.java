package io.realtime.spring.boot;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * The {@code realtime} health indicator on Spring Boot 3 ({@link HealthReport}). Made only when Boot 3's Actuator
 * is on the class path. Never blocks: it reads what the runtime last probed.
 */
final class Boot3HealthIndicator implements HealthIndicator {

    private final RealtimeStarter starter;

    Boot3HealthIndicator(RealtimeStarter starter) {
        this.starter = starter;
    }

    @Override
    public Health health() {
        HealthReport report = HealthReport.of(starter);
        return Health.status(report.status()).withDetails(report.details()).build();
    }
}
