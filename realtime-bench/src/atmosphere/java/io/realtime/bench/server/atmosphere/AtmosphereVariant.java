package io.realtime.bench.server.atmosphere;

import io.realtime.bench.Tick;
import io.realtime.bench.server.Rooms;
import io.realtime.bench.server.Variant;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.atmosphere.cpr.ApplicationConfig;
import org.atmosphere.cpr.AtmosphereServlet;
import org.atmosphere.cpr.Broadcaster;

/**
 * Atmosphere 4, used as its documentation recommends and with its defaults unchanged: an
 * {@code AtmosphereServlet} (async, loaded at startup) finds the {@code @ManagedService} classes in this package,
 * which bring Atmosphere's managed defaults (a {@code UUIDBroadcasterCache} so that long-polls lose nothing between
 * requests, message-size tracking, heartbeats every 60 s, idle-resource cleanup). One broadcaster serves
 * WebSocket, Server-Sent Events and long-poll at {@code /atmosphere/bench} ({@link BenchService}), and one per room
 * at {@code /atmosphere/rooms/<n>} ({@link RoomService}); clients choose the transport with
 * {@code X-Atmosphere-Transport}.
 */
public final class AtmosphereVariant implements Variant {

    private final AtmosphereServlet servlet = new AtmosphereServlet();
    private final Map<String, Broadcaster> broadcasters = new ConcurrentHashMap<>();

    @Override
    public void install(ServletContext context) {
        ServletRegistration.Dynamic registration = context.addServlet("atmosphere", servlet);
        registration.setAsyncSupported(true);
        registration.setLoadOnStartup(0);
        registration.addMapping("/atmosphere/*");
        registration.setInitParameter(ApplicationConfig.ANNOTATION_PACKAGE, BenchService.class.getPackageName());
    }

    @Override
    public void publish(String topic, Tick tick) {
        broadcasters
                .computeIfAbsent(
                        topic,
                        name -> servlet.framework()
                                .getBroadcasterFactory()
                                .lookup(name.equals(Rooms.MAIN) ? BenchService.PATH : RoomService.PATH + name, true))
                .broadcast(tick.json());
    }

    @Override
    public int subscribers() {
        return servlet.framework().getBroadcasterFactory().lookupAll().stream()
                .mapToInt(broadcaster -> broadcaster.getAtmosphereResources().size())
                .sum();
    }
}
