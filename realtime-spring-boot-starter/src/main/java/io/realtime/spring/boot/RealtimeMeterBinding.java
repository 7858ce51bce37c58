package io.realtime.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.realtime.runtime.RealtimeMetrics;
import jakarta.servlet.ServletContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Binds the runtime's meters to the application's {@link MeterRegistry}, if it has exactly one. Done once every
 * singleton exists: by then the embedded server has started, and with it the runtime ({@link RealtimeStarter}), so
 * every connection is counted. Made only when Micrometer is on the class path.
 */
final class RealtimeMeterBinding implements SmartInitializingSingleton {

    private final ObjectProvider<MeterRegistry> registries;
    private final RealtimeStarter starter;

    RealtimeMeterBinding(ObjectProvider<MeterRegistry> registries, RealtimeStarter starter) {
        this.registries = registries;
        this.starter = starter;
    }

    @Override
    public void afterSingletonsInstantiated() {
        ServletContext context = starter.context();
        MeterRegistry registry = registries.getIfUnique();
        if (context != null && registry != null) {
            RealtimeMetrics.of(context).bindTo(registry);
        }
    }
}
