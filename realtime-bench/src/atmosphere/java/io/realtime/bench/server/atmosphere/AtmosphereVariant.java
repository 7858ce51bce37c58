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
 *
 * <p>One setting differs from the defaults, {@link ApplicationConfig#CLOSE_STREAM_ON_CANCEL} off: by default,
 * once a write to a departed client has failed, Atmosphere closes that client's response stream, and on Tomcat
 * the response object has by then been recycled for the next connection, which is left open without a
 * subscription (a handful of clients in every batch that connects after others left never received a message).
 * The container closes the departed connection itself, so nothing is lost by leaving the stream alone.
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
        registration.setInitParameter(ApplicationConfig.CLOSE_STREAM_ON_CANCEL, "false");
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
