package io.realtime.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Injects faults at random intervals, one kind at a time chosen at random by weight, the first round covering
 * every kind of the run once in a random order. Faults that take a while (a node down, Redis down, a
 * redeployment) go on in the background while others are injected, except that at most one node is down at a
 * time (its clients move to the other) and Redis has one fault at a time. A storm waits until nothing else is in
 * progress and until every subscriber is current again, which it measures.
 *
 * <p>Every fault is written, with its time, to {@code faults.log} beside the nodes' logs.
 */
final class Faults implements AutoCloseable {

    /** A Redis fault: when Redis went down and when it served again, by {@link System#nanoTime()}. */
    record RedisFault(Fault kind, long downNanos, long upNanos) {}

    private final Site site;
    private final Population population;
    private final Storms storms;
    private final Set<Fault> kinds;
    private final Duration minGap;
    private final Duration maxGap;
    private final Random random;
    private final Writer log;
    private final long startNanos = System.nanoTime();
    private final ExecutorService background = Executors.newCachedThreadPool(Clients.daemons("chaos-fault"));
    private final AtomicBoolean[] nodeBusy = {new AtomicBoolean(), new AtomicBoolean()};
    private final AtomicBoolean redisBusy = new AtomicBoolean();
    private final Map<Fault, Integer> injected = Collections.synchronizedMap(new EnumMap<>(Fault.class));
    private final List<RedisFault> redisFaults = Collections.synchronizedList(new ArrayList<>());
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final Thread injector;
    private volatile boolean running = true;

    Faults(
            Site site,
            Population population,
            Storms storms,
            Set<Fault> kinds,
            Duration minGap,
            Duration maxGap,
            long seed,
            Path logs) {
        this.site = site;
        this.population = population;
        this.storms = storms;
        this.kinds = kinds;
        this.minGap = minGap;
        this.maxGap = maxGap;
        this.random = new Random(seed);
        try {
            Files.createDirectories(logs);
            this.log = Files.newBufferedWriter(logs.resolve("faults.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.injector = new Thread(this::inject, "chaos-faults");
        this.injector.setDaemon(true);
    }

    void start() {
        injector.start();
    }

    /** Stops injecting and waits until every fault in progress is over: both nodes and Redis serve. */
    @Override
    public void close() {
        running = false;
        try {
            injector.join(TimeUnit.MINUTES.toMillis(3));
            background.shutdown();
            background.awaitTermination(3, TimeUnit.MINUTES);
            log.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // the log is for reading later
        }
    }

    /**
     * Waits, at most {@code patience}, until every kind of the run has been injected once: on a loaded machine a
     * node may take a minute to start again, and a storm waits until it has.
     */
    void awaitEveryKind(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (injected().size() < kinds.size() && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    /** @return how many faults of each kind were injected */
    Map<Fault, Integer> injected() {
        synchronized (injected) {
            // Copied into an empty EnumMap: EnumMap's copy constructor refuses an empty map of another class (the
            // synchronized wrapper), which is what a storm run has before its first storm.
            Map<Fault, Integer> copy = new EnumMap<>(Fault.class);
            copy.putAll(injected);
            return copy;
        }
    }

    List<RedisFault> redisFaults() {
        synchronized (redisFaults) {
            return List.copyOf(redisFaults);
        }
    }

    /** @return faults that could not be injected or undone (a node that did not restart...) */
    List<String> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    private void inject() {
        Deque<Fault> firstRound = new ArrayDeque<>(kinds);
        List<Fault> shuffled = new ArrayList<>(firstRound);
        Collections.shuffle(shuffled, random);
        firstRound = new ArrayDeque<>(shuffled);
        while (running) {
            long gap = minGap.toNanos() + (long) (random.nextDouble() * (maxGap.toNanos() - minGap.toNanos()));
            LockSupport.parkNanos(gap);
            if (!running) {
                return;
            }
            Fault fault = firstRound.isEmpty() ? pick() : firstRound.poll();
            try {
                if (inject(fault)) {
                    injected.merge(fault, 1, Integer::sum);
                } else if (!firstRound.isEmpty() || injected.getOrDefault(fault, 0) == 0) {
                    firstRound.addLast(fault); // not possible now: later
                }
            } catch (RuntimeException e) {
                failed(fault + " failed: " + e);
            }
        }
    }

    private Fault pick() {
        int total = kinds.stream().mapToInt(Fault::weight).sum();
        int choice = random.nextInt(total);
        for (Fault fault : kinds) {
            choice -= fault.weight();
            if (choice < 0) {
                return fault;
            }
        }
        throw new IllegalStateException("no fault");
    }

    /** @return whether it was injected; a fault whose target is busy waits for a later turn */
    private boolean inject(Fault fault) {
        return switch (fault) {
            case CLIENT_DROP -> {
                List<Subscriber> some = some();
                some.forEach(Subscriber::drop);
                note(fault, some.size() + " clients");
                yield true;
            }
            case REPLACE -> {
                int count = 1 + random.nextInt(Math.max(1, population.present().size() / 20));
                population.replace(count, random);
                note(fault, count + " clients");
                yield true;
            }
            case SLOW_CONSUMERS -> {
                List<Subscriber> some = some();
                Duration pause = Duration.ofMillis(1000 + random.nextInt(7000));
                some.forEach(subscriber -> subscriber.pause(pause));
                note(fault, some.size() + " clients for " + pause.toMillis() + " ms");
                yield true;
            }
            case SERVER_CLOSE ->
                onNode(fault, false, node -> note(fault, node.name() + ": " + node.drop() + " connections"));
            case REDEPLOY ->
                onNode(fault, true, node -> {
                    node.redeploy();
                    note(fault, node.name() + " served again");
                });
            case NODE_KILL -> killNode();
            case REDIS_RESTART, REDIS_WIPE -> restartRedis(fault);
            case STORM -> storm();
        };
    }

    private List<Subscriber> some() {
        List<Subscriber> shuffled = new ArrayList<>(population.present());
        Collections.shuffle(shuffled, random);
        return shuffled.subList(0, 1 + random.nextInt(Math.max(1, shuffled.size() / 10)));
    }

    private interface NodeAction {
        void on(NodeProcess node);
    }

    /** A fault on one node that is not busy; in the background when it takes a while. */
    private boolean onNode(Fault fault, boolean inBackground, NodeAction action) {
        int index = random.nextInt(2);
        if (!nodeBusy[index].compareAndSet(false, true)) {
            index = 1 - index;
            if (!nodeBusy[index].compareAndSet(false, true)) {
                return false;
            }
        }
        NodeProcess node = site.nodes().get(index);
        AtomicBoolean busy = nodeBusy[index];
        Runnable work = () -> {
            try {
                action.on(node);
            } catch (RuntimeException e) {
                failed(fault + " on " + node.name() + " failed: " + e);
            } finally {
                busy.set(false);
            }
        };
        note(fault, node.name());
        if (inBackground) {
            background.execute(work);
        } else {
            work.run();
        }
        return true;
    }

    private boolean killNode() {
        if (nodeBusy[0].get() || nodeBusy[1].get()) {
            return false; // one node at a time is down, so that its clients have somewhere to go
        }
        Duration down = Duration.ofMillis(1000 + random.nextInt(2000));
        return onNode(Fault.NODE_KILL, true, node -> {
            node.kill();
            note(Fault.NODE_KILL, node.name() + " killed; restarting in " + down.toMillis() + " ms");
            LockSupport.parkNanos(down.toNanos());
            restart(node);
            note(Fault.NODE_KILL, node.name() + " serves again");
        });
    }

    /**
     * Starts a killed node again, as a supervisor would: a node does not start while Redis is unreachable (its
     * backplane connects first), so it is started again until it serves.
     */
    private void restart(NodeProcess node) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            try {
                node.restart();
                return;
            } catch (IllegalStateException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                note(Fault.NODE_KILL, node.name() + " did not start (" + e.getMessage() + "); starting it again");
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
            }
        }
    }

    private boolean restartRedis(Fault fault) {
        if (!redisBusy.compareAndSet(false, true)) {
            return false;
        }
        Duration down = Duration.ofMillis(500 + random.nextInt(1500));
        long downAt = System.nanoTime();
        site.redis().kill();
        if (fault == Fault.REDIS_WIPE) {
            site.redis().erase();
        }
        note(fault, "down for " + down.toMillis() + " ms");
        background.execute(() -> {
            try {
                LockSupport.parkNanos(down.toNanos());
                site.redis().restart();
                redisFaults.add(new RedisFault(fault, downAt, System.nanoTime()));
                note(fault, "Redis serves again");
            } catch (RuntimeException e) {
                failed(fault + " failed: " + e);
            } finally {
                redisBusy.set(false);
            }
        });
        return true;
    }

    private boolean storm() {
        if (redisBusy.get() || nodeBusy[0].get() || nodeBusy[1].get()) {
            return false; // a storm is measured alone
        }
        List<Subscriber> everyone = population.present();
        note(Fault.STORM, everyone.size() + " clients");
        Storms.Storm storm = storms.run(site, everyone);
        note(Fault.STORM, storm.toString());
        return true;
    }

    private void failed(String what) {
        failures.add(what);
        note(null, what);
    }

    private void note(Fault fault, String what) {
        synchronized (log) {
            try {
                log.write(String.format(
                        "%9.3f s %s %s%n",
                        (System.nanoTime() - startNanos) / 1e9, fault == null ? "FAILURE" : fault.name(), what));
                log.flush();
            } catch (IOException ignored) {
                // the log is for reading later
            }
        }
    }
}
