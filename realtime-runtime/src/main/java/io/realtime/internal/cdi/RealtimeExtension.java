package io.realtime.internal.cdi;

import io.realtime.Topics;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.build.compatible.spi.BuildCompatibleExtension;
import jakarta.enterprise.inject.build.compatible.spi.Synthesis;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticComponents;

/**
 * Makes the application's {@link Topics} a CDI bean, so that services and any other bean ({@code @Inject Topics
 * topics}) receive it. Registered through
 * {@code META-INF/services/jakarta.enterprise.inject.build.compatible.spi.BuildCompatibleExtension}, which only a
 * CDI container reads: elsewhere this class is never loaded.
 *
 * <p>A build compatible extension (CDI 4.0 Lite, which Weld runs too) rather than a portable one: WildFly warns, at
 * every deployment that has no bean archive, about the {@code @Observes} a portable extension needs, and most
 * applications that carry the runtime have none.
 */
public final class RealtimeExtension implements BuildCompatibleExtension {

    /** Created by the CDI container. */
    public RealtimeExtension() {}

    /** @param components where the {@code Topics} bean is added */
    @Synthesis
    public void topics(SyntheticComponents components) {
        components
                .addBean(Topics.class)
                .type(Topics.class)
                .scope(Dependent.class) // the application's one registry every time: no proxy needed
                .createWith(TopicsBean.class);
    }
}
