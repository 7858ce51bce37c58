package io.realtime.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Clients of one kind, grown and shrunk in steps; with rooms, client {@code k} follows room {@code k mod rooms}.
 * Connections are opened at most {@code connecting} at a time, so that the server's accept backlog never
 * overflows (a dropped SYN costs a second).
 */
public final class Group implements Client.Owner, AutoCloseable {

    /** Connections being set up at once, unless asked otherwise. */
    static final int CONNECTING = 200;

    private final LoadGenerator generator;
    private final Spec spec;
    private final int rooms;
    private final int connectingLimit;
    private final List<Client> clients = new ArrayList<>();
    private final Semaphore connecting;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final AtomicInteger stalled = new AtomicInteger();
    private final AtomicReference<String> firstProblem = new AtomicReference<>();
    private List<Client> departed = List.of();

    Group(LoadGenerator generator, Spec spec, int rooms, int connecting) {
        this.generator = generator;
        this.spec = spec;
        this.rooms = rooms;
        this.connectingLimit = connecting;
        this.connecting = new Semaphore(connecting);
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
        List<Spec> specs = new ArrayList<>();
        int size;
        synchronized (clients) {
            size = clients.size();
        }
        for (int k = size; k < target; k++) {
            specs.add(rooms > 0 ? spec.in(k % rooms) : spec);
        }
        return open(specs, timeout);
    }

    /**
     * Closes clients, the newest first, until {@code target} are left.
     *
     * @param target how many to keep
     */
    public void shrink(int target) {
        List<Client> leaving = new ArrayList<>();
        synchronized (clients) {
            while (clients.size() > target) {
                leaving.add(clients.remove(clients.size() - 1));
            }
        }
        for (Client client : leaving) {
            if (client.open) {
                open.decrementAndGet();
                if (client.stalled) {
                    stalled.decrementAndGet();
                } else if (client.closed) {
                    closed.decrementAndGet();
                }
            }
        }
        leave(leaving);
    }

    /**
     * Disconnects every client, keeping where each one was, for {@link #resumeAll}.
     *
     * @return how many left
     */
    public int departAll() {
        List<Client> all;
        synchronized (clients) {
            all = new ArrayList<>(clients);
            clients.clear();
        }
        leave(all);
        departed = all;
        reset();
        return all.size();
    }

    /**
     * Reconnects every client that {@link #departAll departed}, all at once (up to the group's limit of
     * connections being set up), each resuming from the position it had.
     *
     * @param timeout the longest wait for them to open
     * @return the outcome
     * @throws InterruptedException if interrupted
     */
    public Outcome resumeAll(Duration timeout) throws InterruptedException {
        List<Spec> specs = new ArrayList<>();
        List<Long> lastSeqs = new ArrayList<>();
        for (Client client : departed) {
            specs.add(client.spec.from(client.position));
            lastSeqs.add(client.lastSeq);
        }
        departed = List.of();
        return open(specs, timeout, lastSeqs);
    }

    private Outcome open(List<Spec> specs, Duration timeout) throws InterruptedException {
        return open(specs, timeout, null);
    }

    private Outcome open(List<Spec> specs, Duration timeout, List<Long> lastSeqs) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        for (int i = 0; i < specs.size() && failed.get() == 0; i++) {
            if (!connecting.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            Client client = generator.newClient(specs.get(i), this);
            if (lastSeqs != null) {
                client.lastSeq = lastSeqs.get(i); // what it received before is not received again
            }
            synchronized (clients) {
                clients.add(client);
            }
            client.loop.execute(client::start);
        }
        // Every client started has released its permit once all permits are back.
        if (connecting.tryAcquire(connectingLimit, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            connecting.release(connectingLimit);
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
     * Clients that are open and reading: those that receive every broadcast of their topic.
     *
     * @return the count
     */
    public int following() {
        return open.get() - closed.get() - stalled.get();
    }

    /**
     * Clients in the group, open or not.
     *
     * @return the count
     */
    public int size() {
        synchronized (clients) {
            return clients.size();
        }
    }

    /**
     * Open WebSocket clients whose server accepted permessage-deflate.
     *
     * @return the count
     */
    public int deflating() {
        synchronized (clients) {
            return (int) clients.stream()
                    .filter(client -> client instanceof WebSocketClient socket && client.open && socket.deflating())
                    .count();
        }
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
        leave(all);
        reset();
    }

    private static void leave(List<Client> leaving) {
        for (Client client : leaving) {
            client.loop.execute(client::close);
        }
        for (Client client : leaving) {
            client.loop.call(() -> null).join();
        }
    }

    private void reset() {
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
        firstProblem.compareAndSet(null, spec.transport().label() + " " + spec.dialect() + ": " + reason);
    }
}
