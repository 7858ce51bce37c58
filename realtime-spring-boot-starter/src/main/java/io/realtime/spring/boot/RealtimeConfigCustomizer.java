package io.realtime.spring.boot;

import io.realtime.runtime.RealtimeConfig;

/**
 * Adjusts the runtime's settings beyond what {@code realtime.*} properties say: a bean of this type is called
 * once, while the application context starts, with a builder that already holds the properties, the
 * application's {@code ObjectMapper} and its {@code Backplane} bean, if any. Customizers run in their
 * {@code @Order}; the last word on a setting is theirs.
 *
 * <pre>{@code
 * @Bean
 * RealtimeConfigCustomizer origins() {
 *     return builder -> builder.allowedOrigins(Set.of("https://app.example"));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface RealtimeConfigCustomizer {

    /**
     * Changes settings on the builder.
     *
     * @param builder the settings so far; not thread-safe, and not to be kept
     */
    void customize(RealtimeConfig.Builder builder);
}
