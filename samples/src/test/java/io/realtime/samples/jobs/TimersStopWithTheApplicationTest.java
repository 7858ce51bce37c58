package io.realtime.samples.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.jetty.RealtimeServer;
import io.realtime.samples.dashboard.Dashboard;
import io.realtime.samples.ticker.Ticker;
import io.realtime.testing.SseRecorder;
import org.junit.jupiter.api.Test;

/**
 * The samples' background publishers live in their services, which the runtime closes as the application stops:
 * their timer threads have ended by the time the stop returns, so a container finds nothing left behind.
 */
class TimersStopWithTheApplicationTest {

    @Test
    void theTickerJobsAndDashboardTimersEndWhenTheApplicationStops() {
        try (RealtimeServer server = RealtimeServer.start(Ticker.class, JobProgress.class, Dashboard.class);
                SseRecorder ticker = server.sse("/ticker");
                SseRecorder cpu = server.sse("/vitals/cpu")) {
            assertThat(ticker.next().event()).isEqualTo("price");
            assertThat(cpu.next().event()).isEqualTo("sample");
            assertThat(threads("samples-dashboard")).isPositive();
            assertThat(Jobs.from(server.servletContext()).start()).isPresent(); // the jobs' timer starts its thread
            assertThat(threads("samples-ticker")).isPositive();
            assertThat(threads("samples-jobs")).isPositive();
        }
        assertThat(threads("samples-ticker")).isZero();
        assertThat(threads("samples-jobs")).isZero();
        assertThat(threads("samples-dashboard")).isZero();
    }

    private static long threads(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals(name) && thread.isAlive())
                .count();
    }
}
