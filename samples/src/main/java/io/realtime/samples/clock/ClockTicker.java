package io.realtime.samples.clock;

import io.realtime.Topic;
import io.realtime.Topics;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Publishes the time to the clock topic once a second while the application runs, as any scheduler of the
 * application would publish through {@link Topics#from}.
 */
@WebListener
public class ClockTicker implements ServletContextListener {

    /** The topic the clock publishes to. */
    static final String TOPIC = "clock";

    private ScheduledExecutorService timer;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        Topic<Tick> clock = Topics.from(event.getServletContext()).get(TOPIC);
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "samples-clock");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(
                () -> clock.publish(
                        new Tick(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())),
                0,
                1,
                TimeUnit.SECONDS);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        timer.shutdownNow();
    }
}
