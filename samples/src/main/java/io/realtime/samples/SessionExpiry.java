package io.realtime.samples;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Gives the samples' cookie sessions an end: the notifications page starts one for any visitor, and a container
 * whose default is "never" (embedded Jetty without a {@code web.xml}) would keep every one of them for ever. A
 * container or deployer that sets its own timeout keeps it.
 */
@WebListener
public class SessionExpiry implements ServletContextListener {

    /** The timeout when the container sets none, in minutes: the common default of servlet containers. */
    public static final int DEFAULT_MINUTES = 30;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        if (event.getServletContext().getSessionTimeout() <= 0) {
            event.getServletContext().setSessionTimeout(DEFAULT_MINUTES);
        }
    }
}
