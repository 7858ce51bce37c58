package io.realtime.samples;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.realtime.runtime.RealtimeMetrics;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The runtime's meters (docs/observability.md) in a Prometheus registry, scraped as text at {@code /metrics}. The
 * runtime has started by the time listeners run (its initializer starts it), so its meters are bound here. A real
 * deployment would keep {@code /metrics} off the public network; the samples serve it to anyone to show it.
 */
@WebListener
public class SampleMetrics implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RealtimeMetrics.of(context).bindTo(registry);
        context.addServlet("metrics", new Scrape(registry)).addMapping("/metrics");
    }

    /** Answers the registry's meters in the Prometheus text format. */
    static final class Scrape extends HttpServlet {

        private static final long serialVersionUID = 1L;

        private final transient PrometheusMeterRegistry registry;

        Scrape(PrometheusMeterRegistry registry) {
            this.registry = registry;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            byte[] text = registry.scrape().getBytes(StandardCharsets.UTF_8);
            response.setContentType("text/plain; version=0.0.4; charset=utf-8");
            response.setHeader("Cache-Control", "no-store");
            response.setContentLength(text.length);
            response.getOutputStream().write(text);
        }
    }
}
