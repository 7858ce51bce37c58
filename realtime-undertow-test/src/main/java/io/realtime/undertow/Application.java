package io.realtime.undertow;

import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.PathHandler;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.ServletContainer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.util.List;
import java.util.function.Supplier;

/**
 * One web application's deployments on the server, one after the other, as a standalone Undertow (WildFly) deploys
 * and undeploys it: each start builds a fresh {@link DeploymentInfo}, deploys it (initializers, listeners) and
 * mounts it at its context path; each stop unmounts it, stops it (servlets destroyed, then every session ended)
 * and undeploys it (the context destroyed). Connections already open stay open throughout, so the runtime's
 * goodbye reaches them. Thread-safe.
 */
final class Application {

    private final ServletContainer container;
    private final PathHandler paths;
    private final String contextPath;
    private final Supplier<Deployments.Start> deployments;
    private DeploymentManager running; // guarded by this
    private DeploymentInfo info; // guarded by this
    private List<AutoCloseable> resources = List.of(); // guarded by this
    private ServletContext context; // guarded by this; the last one, also once stopped

    Application(
            ServletContainer container,
            PathHandler paths,
            String contextPath,
            Supplier<Deployments.Start> deployments) {
        this.container = container;
        this.paths = paths;
        this.contextPath = contextPath;
        this.deployments = deployments;
    }

    synchronized ServletContext context() {
        if (context == null) {
            throw new IllegalStateException("The application has not started");
        }
        return context;
    }

    /** Deploys and mounts the application; does nothing if it runs. */
    synchronized void start() {
        if (running != null) {
            return;
        }
        Deployments.Start start = deployments.get();
        DeploymentManager manager = container.addDeployment(start.info());
        try {
            manager.deploy();
            HttpHandler handler = manager.start();
            paths.addPrefixPath(contextPath, handler);
        } catch (ServletException | RuntimeException e) {
            discard(manager, start.info(), start.resources());
            Throwable cause = cause(e);
            throw new IllegalStateException("The application did not start: " + cause.getMessage(), cause);
        }
        running = manager;
        info = start.info();
        resources = start.resources();
        context = manager.getDeployment().getServletContext();
    }

    /** Unmounts, stops and undeploys the application; does nothing if it is stopped. */
    synchronized void stop() {
        if (running == null) {
            return;
        }
        DeploymentManager manager = running;
        running = null;
        paths.removePrefixPath(contextPath); // new requests find nothing here; open ones carry on
        try {
            manager.stop();
        } catch (ServletException e) {
            throw new IllegalStateException("The application did not stop cleanly", e);
        } finally {
            discard(manager, info, resources);
        }
    }

    private void discard(DeploymentManager manager, DeploymentInfo deployed, List<AutoCloseable> owned) {
        try {
            manager.undeploy();
            container.removeDeployment(deployed);
        } finally {
            for (AutoCloseable resource : owned) {
                try {
                    resource.close();
                } catch (Exception e) {
                    System.getLogger(Application.class.getName())
                            .log(System.Logger.Level.WARNING, "Cannot release " + resource, e);
                }
            }
        }
    }

    // Undertow wraps what an initializer or listener threw in plain RuntimeExceptions.
    private static Throwable cause(Throwable thrown) {
        Throwable cause = thrown;
        while (cause.getClass() == RuntimeException.class && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
