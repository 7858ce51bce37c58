package io.realtime.jetty.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtime.Topic;
import io.realtime.jetty.RealtimeServer;
import io.realtime.jetty.RealtimeServerExtension;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A server that refuses a page with {@code 429} and {@code Retry-After}, again and again: the page's handle pauses
 * (the client's circuit breaker, docs/client.md "Refusals, Retry-After and the breaker"), makes no more requests
 * than the breaker allows, shows {@code paused}, and once admitted resumes from its cursor without losing an event.
 */
class BrowserBreakerTest {

    private static final int FAILURES = 3; // the page's breakerFailures

    /** Refuses every request to the endpoint while {@link #refusing}, as a server pacing this client would. */
    static final class Refuser implements Filter {
        final AtomicBoolean refusing = new AtomicBoolean();
        final AtomicInteger refused = new AtomicInteger();

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            if (!refusing.get()) {
                chain.doFilter(request, response);
                return;
            }
            refused.incrementAndGet();
            HttpServletResponse http = (HttpServletResponse) response;
            http.setStatus(429);
            http.setHeader("Retry-After", "1");
            http.setContentType("application/json");
            http.getWriter().write("{\"error\":{\"code\":\"too_many_requests\",\"message\":\"Slow down\"}}");
        }
    }

    @RegisterExtension
    static final RealtimeServerExtension server = RealtimeServerExtension.of(RealtimeServer.builder()
            .services(BrowserReconnectTest.Counter.class)
            .staticFiles(Chromium.harnessPages()));

    @RegisterExtension
    static final Chromium browser = new Chromium();

    @Test
    void aRefusedPagePausesWithinTheBreakersBoundAndResumesWithoutLossOnceAdmitted() {
        Refuser refuser = new Refuser();
        ServletContextHandler.getServletContextHandler(server.get().servletContext())
                .addFilter(new FilterHolder(refuser), "/count", EnumSet.of(DispatcherType.REQUEST));
        Tab tab = browser.open(server.get().uri("/client.html"));
        int count = tab.connect(
                "/count",
                "{\"transport\":\"sse\",\"reconnectDelay\":200,\"breakerFailures\":" + FAILURES
                        + ",\"breakerCooldown\":3000}");
        tab.awaitState(count, "open");
        Awaits.subscriptions(server.get(), 1);
        Topic<Integer> topic = server.get().topics().get("count");
        List<String> cursors = new ArrayList<>();
        cursors.add(topic.publish(1)); // a cursor to resume from
        tab.awaitEvents(count, 1);

        refuser.refusing.set(true);
        assertThat(server.get().dropConnections()).isPositive();
        for (int i = 2; i <= 10; i++) {
            cursors.add(topic.publish(i)); // published while the page is refused
        }
        // Paused twice: once after FAILURES refusals, and again after the probe that followed was refused too.
        tab.await("the page paused twice", "return harness.log(" + count + ")", log -> Awaits.pauses(log) >= 2);
        // The bound the breaker promises: FAILURES failures (the drop was the first), then one probe per pause. The
        // count is read before the log: a probe refused meanwhile may not show its pause yet, hence no "- 1".
        int refused = refuser.refused.get();
        JsonNode log = tab.log(count);
        assertThat(refused).isGreaterThanOrEqualTo(FAILURES).isLessThanOrEqualTo(FAILURES + Awaits.pauses(log));

        refuser.refusing.set(false);
        tab.awaitState(count, "open");
        tab.awaitEvents(count, 10);
        log = tab.log(count);
        Awaits.everyEventOnceInOrder(log, cursors);
        assertThat(log.path("errors").size()).isZero();
    }
}
