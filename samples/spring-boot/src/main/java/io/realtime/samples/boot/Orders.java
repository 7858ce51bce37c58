package io.realtime.samples.boot;

import io.realtime.PathParam;
import io.realtime.Push;
import io.realtime.Topic;
import io.realtime.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Order tracking over long-poll: {@code POST /api/orders} (Spring MVC) places an order, whose status then moves
 * from {@code received} to {@code shipped} on Spring's scheduler; {@code GET /orders/{id}} is held until the next
 * status. One bean is both the controller and the realtime service.
 */
@RestController
public class Orders {

    /**
     * One status of an order.
     *
     * @param order the order's id
     * @param status {@code received}, {@code packed} or {@code shipped}
     * @param at when it changed
     */
    public record Status(String order, String status, Instant at) {}

    private static final List<String> STEPS = List.of("received", "packed", "shipped");

    private final Topics topics;
    private final TaskScheduler scheduler;
    private final Duration step;

    /**
     * Created by Spring.
     *
     * @param topics the topics bean of the starter
     * @param scheduler Boot's task scheduler
     * @param step how long each status lasts ({@code sample.order-step}, 2 seconds unless set)
     */
    public Orders(Topics topics, TaskScheduler scheduler, @Value("${sample.order-step:2s}") Duration step) {
        this.topics = topics;
        this.scheduler = scheduler;
        this.step = step;
    }

    /**
     * Places an order; its statuses follow on {@code /orders/{id}}.
     *
     * @return {@code {"order":"<id>"}}
     */
    @PostMapping("/api/orders")
    public Map<String, String> place() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < STEPS.size(); i++) {
            String status = STEPS.get(i);
            scheduler.schedule(
                    () -> topics.<Status>get("order:" + id).publish(new Status(id, status, Instant.now())),
                    Instant.now().plus(step.multipliedBy(i + 1L)));
        }
        return Map.of("order", id);
    }

    /**
     * An order's statuses, over long-poll (and Server-Sent Events where the client prefers them).
     *
     * @param id the order's id
     * @return the order's topic
     */
    @Push("/orders/{id}")
    public Topic<Status> statuses(@PathParam("id") String id) {
        return topics.get("order:" + id);
    }
}
