package io.realtime.runtime;

import io.realtime.Duplex;
import io.realtime.Push;
import io.realtime.Stream;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.annotation.HandlesTypes;
import java.net.URISyntaxException;
import java.nio.file.Path;
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

    /** The runtime's own classes, whose endpoint methods the runtime adds itself when they are on. */
    private static final String INTERNAL = "io.realtime.internal.";

    /** Called by the container. */
    public RealtimeInitializer() {}

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        List<Class<?>> services = classes == null
                ? List.of()
                : classes.stream()
                        .filter(type ->
                                !type.getName().startsWith(INTERNAL)) // the admin feed: added by the runtime if on
                        .sorted(Comparator.comparing(Class::getName))
                        .toList();
        if (services.isEmpty()) {
            return; // nothing annotated: an application that only uses the library elsewhere
        }
        if (excludedByOrdering(context)) {
            // Servlet 6.0 §8.2.2: an <absolute-ordering> that leaves a fragment out excludes its initializers; not
            // every container applies that to initializers, so the runtime does (docs/containers.md).
            System.getLogger(RealtimeInitializer.class.getName())
                    .log(
                            System.Logger.Level.INFO,
                            "The web application''s <absolute-ordering> leaves out the realtime fragment; the runtime"
                                    + " does not start in ''{0}''",
                            context.getContextPath());
            return;
        }
        Realtime.start(context, RealtimeConfig.defaults(), services);
    }

    // The container lists the WEB-INF/lib jars its absolute ordering keeps in this attribute (Servlet 6.0 §4.4.3);
    // without an ordering there is no such list.
    private static boolean excludedByOrdering(ServletContext context) {
        if (!(context.getAttribute(ServletContext.ORDERED_LIBS) instanceof List<?> ordered)) {
            return false;
        }
        try {
            Path jar = Path.of(RealtimeInitializer.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            String name = jar.getFileName().toString();
            // Tomcat lists file names, as the specification says; Jetty lists full paths.
            return name.endsWith(".jar")
                    && ordered.stream()
                            .map(String::valueOf)
                            .noneMatch(entry -> entry.equals(name) || entry.endsWith("/" + name));
        } catch (URISyntaxException | RuntimeException unknown) {
            return false;
        }
    }
}
