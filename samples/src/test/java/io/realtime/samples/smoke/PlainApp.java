package io.realtime.samples.smoke;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtime.Push;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * An application {@link CdiOnWildFlyIT} deploys to WildFly beside {@link CdiApp}: the runtime without CDI beans nor
 * JAX-RS, as the samples are, with WildFly's Jackson excluded, and a servlet that tells whose Jackson the application
 * (and so the runtime) sees.
 */
public final class PlainApp {

    private PlainApp() {}

    /** A plain service, created by the runtime. */
    public static class Clock {
        @Push("/now")
        public long now() {
            return 42;
        }
    }

    /** Where the application's Jackson comes from, and its version. */
    @WebServlet("/jackson")
    public static class JacksonOrigin extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(jakarta.servlet.http.HttpServletRequest request, HttpServletResponse response)
                throws IOException {
            response.setContentType("text/plain");
            response.getWriter()
                    .print(ObjectMapper.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation() + " " + new ObjectMapper().version());
        }
    }
}
