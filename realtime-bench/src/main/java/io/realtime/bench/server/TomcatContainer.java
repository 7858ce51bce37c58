package io.realtime.bench.server;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.websocket.server.ServerContainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/** Embedded Tomcat 11 with its Jakarta WebSocket implementation, on the NIO connector. */
final class TomcatContainer implements Container {

    private final Tomcat tomcat;
    private final Connector connector;

    private TomcatContainer(Tomcat tomcat, Connector connector) {
        this.tomcat = tomcat;
        this.connector = connector;
    }

    static TomcatContainer start(int port, ServletContainerInitializer application) throws Exception {
        Path base = Files.createTempDirectory("bench-tomcat");
        base.toFile().deleteOnExit();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("maxConnections", "-1");
        connector.setProperty("acceptCount", String.valueOf(ACCEPT_QUEUE));
        connector.setProperty("maxThreads", String.valueOf(MAX_THREADS));
        connector.setProperty("connectionTimeout", String.valueOf(IDLE_TIMEOUT_MILLIS));
        connector.setProperty("keepAliveTimeout", String.valueOf(IDLE_TIMEOUT_MILLIS));
        connector.setProperty("maxKeepAliveRequests", "-1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.toString());
        // As in every Tomcat web application (conf/web.xml): without a servlet to map to, a request never reaches
        // the filters, WebSocket upgrades included.
        Tomcat.addServlet(context, "default", new DefaultServlet()).addMapping("/");
        // Embedded Tomcat scans for no initializers: WebSocket support is added by hand, before the application.
        context.addServletContainerInitializer(new WsSci(), null);
        context.addServletContainerInitializer(
                (classes, servletContext) -> {
                    ServerContainer container =
                            (ServerContainer) servletContext.getAttribute(ServerContainer.class.getName());
                    container.setDefaultMaxSessionIdleTimeout(IDLE_TIMEOUT_MILLIS);
                    application.onStartup(Set.of(), servletContext);
                },
                null);
        tomcat.start();
        if (context.getState() != LifecycleState.STARTED) {
            tomcat.stop();
            throw new IllegalStateException("The application did not start on Tomcat");
        }
        return new TomcatContainer(tomcat, connector);
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (Exception e) {
            throw new IllegalStateException("The container did not stop cleanly", e);
        }
    }
}
