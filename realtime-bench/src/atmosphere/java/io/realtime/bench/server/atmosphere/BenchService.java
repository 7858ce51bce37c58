package io.realtime.bench.server.atmosphere;

import org.atmosphere.config.service.ManagedService;
import org.atmosphere.config.service.Ready;
import org.atmosphere.cpr.AtmosphereResource;

/** The Atmosphere endpoint: every client that connects is suspended on the service's broadcaster. */
@ManagedService(path = BenchService.PATH)
public final class BenchService {

    /** The path, which is also the broadcaster's id. */
    public static final String PATH = "/atmosphere/bench";

    /**
     * Called once a client is suspended; nothing to do, the broadcaster reaches it from now on.
     *
     * @param resource the client
     */
    @Ready
    public void ready(AtmosphereResource resource) {}
}
