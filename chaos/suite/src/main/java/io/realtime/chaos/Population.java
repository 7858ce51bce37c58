package io.realtime.chaos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The run's subscribers: the same number on each transport, spread evenly over the topics and the nodes; every
 * other WebSocket subscriber follows its topic over a shared connection ({@code /realtime/mux}). Some
 * may leave for good and be replaced by new ones (new tabs); the ledgers of those that left still count.
 *
 * <p>Thread-safe.
 */
final class Population {

    private final Crowd crowd;
    private final List<String> topics;
    private final List<Subscriber> present = new CopyOnWriteArrayList<>();
    private final List<Subscriber> departed = new CopyOnWriteArrayList<>();
    private final AtomicInteger numbers = new AtomicInteger();

    Population(Crowd crowd, List<String> topics) {
        this.crowd = crowd;
        this.topics = topics;
    }

    /**
     * Starts {@code perTransport} subscribers on each transport, a few hundred at a time so that their start is
     * not itself a storm.
     */
    void start(int perTransport) {
        for (int i = 0; i < perTransport; i++) {
            for (int transport = 0; transport < 3; transport++) {
                add(transport);
            }
            if (i % 100 == 99) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }

    /** @return the subscribers present now */
    List<Subscriber> present() {
        return List.copyOf(present);
    }

    /** @return every subscriber the run had, present or departed */
    List<Subscriber> everyone() {
        List<Subscriber> all = new ArrayList<>(present);
        all.addAll(departed);
        return all;
    }

    /** Fault: {@code count} subscribers leave for good, and as many new ones arrive. */
    void replace(int count, Random random) {
        List<Subscriber> shuffled = new ArrayList<>(present);
        Collections.shuffle(shuffled, random);
        for (Subscriber leaving : shuffled.subList(0, Math.min(count, shuffled.size()))) {
            leaving.stop();
            present.remove(leaving);
            departed.add(leaving);
            add(random.nextInt(3));
        }
    }

    /** Stops every subscriber. */
    void stop() {
        present.forEach(Subscriber::stop);
    }

    private void add(int transport) {
        int number = numbers.getAndIncrement();
        String topic = topics.get((number / 3) % topics.size());
        Subscriber subscriber = switch (transport) {
            case 0 -> new SseSubscriber(crowd, number, topic);
            case 1 -> new WebSocketSubscriber(crowd, number, topic, (number / 3) % 2 == 1);
            default -> new PollSubscriber(crowd, number, topic);
        };
        present.add(subscriber);
        subscriber.start();
    }
}
