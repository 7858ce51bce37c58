package io.realtime.runtime;

import io.realtime.Duplex;
import io.realtime.Push;
import io.realtime.Stream;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.annotation.HandlesTypes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Starts the runtime in every web application that has {@code realtime-runtime} in {@code WEB-INF/lib}: the
 * container hands it the classes whose methods carry {@code @Push}, {@code @Stream} or {@code @Duplex}
 * (Servlet 6.0 §8.2.4; method-level annotations count), and it serves them. No {@code web.xml} entry and no
 * class-level marker are needed. Registered through {@code META-INF/services}; applications do not call it.
 */
@HandlesTypes({Push.class, Stream.class, Duplex.class})
public final class RealtimeInitializer implements ServletContainerInitializer {

    /** Called by the container. */
    public RealtimeInitializer() {}

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        if (classes == null || classes.isEmpty()) {
            return; // nothing annotated: an application that only uses the library elsewhere
        }
        List<Class<?>> services = new ArrayList<>(classes);
        services.sort(Comparator.comparing(Class::getName));
        Realtime.start(context, RealtimeConfig.defaults(), services);
    }
}
