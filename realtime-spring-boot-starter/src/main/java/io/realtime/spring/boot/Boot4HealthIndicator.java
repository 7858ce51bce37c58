package io.realtime.spring.boot;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code realtime} health indicator on Spring Boot 4, whose {@code HealthIndicator} is in
 * {@code spring-boot-health} ({@link HealthReport}). Made only when that module is on the class path. Never
 * blocks: it reads what the runtime last probed.
 */
final class Boot4HealthIndicator implements HealthIndicator {

    private final RealtimeStarter starter;

    Boot4HealthIndicator(RealtimeStarter starter) {
        this.starter = starter;
    }

    @Override
    public Health health() {
        HealthReport report = HealthReport.of(starter);
        return Health.status(report.status()).withDetails(report.details()).build();
    }
}
