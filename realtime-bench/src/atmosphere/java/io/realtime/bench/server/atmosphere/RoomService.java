package io.realtime.bench.server.atmosphere;

import org.atmosphere.config.service.ManagedService;
import org.atmosphere.config.service.Ready;
import org.atmosphere.cpr.AtmosphereResource;

/**
 * The rooms: Atmosphere maps each path {@code /atmosphere/rooms/<n>} to a broadcaster of that id, and suspends
 * every client on its room's broadcaster.
 */
@ManagedService(path = RoomService.PATH + "{room}")
public final class RoomService {

    /** The rooms' path, up to the room's number; with it, a room broadcaster's id. */
    public static final String PATH = "/atmosphere/rooms/";

    /**
     * Called once a client is suspended; nothing to do, the room's broadcaster reaches it from now on.
     *
     * @param resource the client
     */
    @Ready
    public void ready(AtmosphereResource resource) {}
}
