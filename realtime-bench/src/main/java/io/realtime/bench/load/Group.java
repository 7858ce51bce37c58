package io.realtime.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Clients of one transport and dialect, grown in steps. Connections are opened at most {@link #CONNECTING} at a
 * time, so that the server's accept backlog never overflows (a dropped SYN costs a second).
 */
public final class Group implements Client.Owner, AutoCloseable {

    /** Connections being set up at once. */
    static final int CONNECTING = 200;

    private final LoadGenerator generator;
    private final Transport transport;
    private final Dialect dialect;
    private final int receiveBuffer;
    private final List<Client> clients = new ArrayList<>();
    private final Semaphore connecting = new Semaphore(CONNECTING);
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final AtomicInteger stalled = new AtomicInteger();
    private final AtomicReference<String> firstProblem = new AtomicReference<>();

    Group(LoadGenerator generator, Transport transport, Dialect dialect, int receiveBuffer) {
        this.generator = generator;
        this.transport = transport;
        this.dialect = dialect;
        this.receiveBuffer = receiveBuffer;
    }

    /**
     * What a step of growth achieved.
     *
     * @param open clients open now
     * @param failed clients that never opened, since the group was created
     * @param seconds how long the step took
     * @param problem the first failure's reason, or {@code null}
     */
    public record Outcome(int open, int failed, double seconds, String problem) {}

    /**
     * Opens clients until {@code target} are open, or the timeout passes.
     *
     * @param target the total wanted
     * @param timeout the longest wait
     * @return the outcome; {@code open() == target} means success
     * @throws InterruptedException if interrupted
     */
    public Outcome grow(int target, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        int toOpen = target - open.get();
        for (int i = 0; i < toOpen && failed.get() == 0; i++) {
            if (!connecting.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            Client client = generator.newClient(transport, dialect, this, receiveBuffer);
            synchronized (clients) {
                clients.add(client);
            }
            client.loop.execute(client::start);
        }
        // Every client started has released its permit once all permits are back.
        if (connecting.tryAcquire(CONNECTING, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            connecting.release(CONNECTING);
        }
        return new Outcome(open.get(), failed.get(), (System.nanoTime() - start) / 1e9, firstProblem.get());
    }

    /**
     * Makes {@code count} open clients stop reading; they no longer count as following.
     *
     * @param count how many
     */
    public void stall(int count) {
        List<Client> chosen = new ArrayList<>();
        synchronized (clients) {
            for (Client client : clients) {
                if (chosen.size() == count) {
                    break;
                }
                if (client.open && !client.stalled && !client.closed) {
                    chosen.add(client);
                }
            }
        }
        for (Client client : chosen) {
            stalled.incrementAndGet();
            client.loop
                    .call(() -> {
                        client.stall();
                        return null;
                    })
                    .join();
        }
    }

    /**
     * Clients that are open and reading: those that receive every broadcast.
     *
     * @return the count
     */
    public int following() {
        return open.get() - closed.get() - stalled.get();
    }

    /**
     * Open clients that the server closed (or that failed) since.
     *
     * @return the count
     */
    public int closedByServer() {
        return closed.get();
    }

    /**
     * The first problem seen: a client that did not open, or one that the server closed.
     *
     * @return the reason, or {@code null}
     */
    public String problem() {
        return firstProblem.get();
    }

    /** Disconnects every client, as clients that go away; blocks until their sockets are closed. */
    @Override
    public void close() {
        List<Client> all;
        synchronized (clients) {
            all = new ArrayList<>(clients);
            clients.clear();
        }
        for (Client client : all) {
            client.loop.execute(client::close);
        }
        for (Client client : all) {
            client.loop.call(() -> null).join();
        }
        open.set(0);
        closed.set(0);
        stalled.set(0);
    }

    @Override
    public void opened(Client client) {
        open.incrementAndGet();
        connecting.release();
    }

    @Override
    public void failed(Client client, String reason) {
        failed.incrementAndGet();
        firstProblem.compareAndSet(null, reason);
        connecting.release();
    }

    @Override
    public void closed(Client client, String reason) {
        if (!client.stalled) {
            closed.incrementAndGet();
        }
        firstProblem.compareAndSet(null, transport.label() + " " + dialect + ": " + reason);
    }
}
