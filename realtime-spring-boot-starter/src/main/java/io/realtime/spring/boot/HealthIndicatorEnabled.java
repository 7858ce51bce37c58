package io.realtime.spring.boot;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether the {@code realtime} health indicator is wanted, by Actuator's own rule for its indicators:
 * {@code management.health.realtime.enabled} when set, else {@code management.health.defaults.enabled}, else yes.
 * Boot's {@code @ConditionalOnEnabledHealthIndicator} says the same but lives in a package that differs between
 * Boot 3 and Boot 4, so the starter states the rule itself and works on both.
 */
final class HealthIndicatorEnabled implements Condition {

    static final String PROPERTY = "management.health.realtime.enabled";
    static final String DEFAULTS = "management.health.defaults.enabled";

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Boolean own = context.getEnvironment().getProperty(PROPERTY, Boolean.class);
        if (own != null) {
            return own;
        }
        return context.getEnvironment().getProperty(DEFAULTS, Boolean.class, true);
    }
}
