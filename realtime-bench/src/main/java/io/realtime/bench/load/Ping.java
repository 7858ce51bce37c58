package io.realtime.bench.load;

import java.time.Duration;

/** A {@link PingClient} and what it measured: how long the server took to answer a plain request. */
public final class Ping implements Client.Owner, AutoCloseable {

    private final PingClient client;
    private volatile String problem;

    Ping(LoadGenerator generator, Spec spec, Duration interval) {
        client = generator.newPing(spec, this, interval);
        client.loop.execute(client::start);
    }

    /**
     * The answer times so far.
     *
     * @return microseconds
     */
    public Histogram times() {
        Histogram copy = new Histogram();
        client.loop
                .call(() -> {
                    copy.add(client.times());
                    return null;
                })
                .join();
        return copy;
    }

    /**
     * Why it stopped, if it did.
     *
     * @return the reason, or {@code null}
     */
    public String problem() {
        return problem;
    }

    @Override
    public void close() {
        client.loop
                .call(() -> {
                    client.close();
                    return null;
                })
                .join();
    }

    @Override
    public void opened(Client client) {}

    @Override
    public void failed(Client client, String reason) {
        problem = reason;
    }

    @Override
    public void closed(Client client, String reason) {
        problem = reason;
    }
}
