package io.realtime.internal.cdi;

import io.realtime.Topics;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.build.compatible.spi.Parameters;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticBeanCreator;

/**
 * Creates the {@code Topics} bean: the topics of the runtime that runs in this application, which hands them over as
 * it starts ({@link CdiServices}). The runtime's classes come from the application's {@code WEB-INF/lib}, so what
 * this class holds belongs to that application alone.
 */
public final class TopicsBean implements SyntheticBeanCreator<Topics> {

    private static volatile Topics running;

    /** Created by the CDI container. */
    public TopicsBean() {}

    static void running(Topics topics) {
        running = topics;
    }

    @Override
    public Topics create(Instance<Object> lookup, Parameters parameters) {
        Topics topics = running;
        if (topics == null) {
            throw new IllegalStateException("The realtime runtime does not run in this application (yet): Topics can"
                    + " be injected once it has started, as the web application starts, and until it stops");
        }
        return topics;
    }
}
