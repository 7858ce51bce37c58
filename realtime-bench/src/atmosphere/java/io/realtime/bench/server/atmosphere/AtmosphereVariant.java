package io.realtime.bench.server.atmosphere;

import io.realtime.bench.Tick;
import io.realtime.bench.server.Variant;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import org.atmosphere.cpr.ApplicationConfig;
import org.atmosphere.cpr.AtmosphereServlet;
import org.atmosphere.cpr.Broadcaster;

/**
 * Atmosphere 4, used as its documentation recommends: an {@code AtmosphereServlet} (async, loaded at startup)
 * finds the {@link BenchService} {@code @ManagedService} in this package, which brings Atmosphere's managed
 * defaults (a {@code UUIDBroadcasterCache} so that long-polls lose nothing between requests, message-size
 * tracking, heartbeats, idle-resource cleanup). One broadcaster serves WebSocket, Server-Sent Events and
 * long-poll at {@code /atmosphere/bench}; clients choose the transport with {@code X-Atmosphere-Transport}.
 */
public final class AtmosphereVariant implements Variant {

    private final AtmosphereServlet servlet = new AtmosphereServlet();
    private volatile Broadcaster broadcaster;

    @Override
    public void install(ServletContext context) {
        ServletRegistration.Dynamic registration = context.addServlet("atmosphere", servlet);
        registration.setAsyncSupported(true);
        registration.setLoadOnStartup(0);
        registration.addMapping("/atmosphere/*");
        registration.setInitParameter(ApplicationConfig.ANNOTATION_PACKAGE, BenchService.class.getPackageName());
    }

    @Override
    public void publish(Tick tick) {
        broadcaster().broadcast(tick.json());
    }

    @Override
    public int subscribers() {
        return broadcaster().getAtmosphereResources().size();
    }

    private Broadcaster broadcaster() {
        Broadcaster found = broadcaster;
        if (found == null) {
            found = servlet.framework().getBroadcasterFactory().lookup(BenchService.PATH, true);
            broadcaster = found;
        }
        return found;
    }
}
