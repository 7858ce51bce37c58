package io.realtime.runtime;

import jakarta.servlet.ServletContext;
import java.lang.System.Logger.Level;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.EventListener;

/**
 * Says the runtime's goodbye when the whole Jetty server stops, not only when the application does.
 *
 * <p>Why it exists: Jetty's {@code Server.stop()} closes its connectors, and every connection with them, before it
 * stops the web applications, so the servlet's destruction, where the runtime says goodbye on every container, comes
 * too late on a standalone Jetty: its clients would see broken connections rather than {@code 1001}, a
 * {@code reconnect} event or {@code 204}. Jetty tells a server's {@code LifeCycle.Listener}s that it is stopping
 * before it stops anything ({@code AbstractLifeCycle.stop()} calls {@code lifeCycleStopping} before
 * {@code doStop()}), so a listener on the server runs the drain while the connections are still up; the servlet's
 * later destruction finds the runtime closed and returns at once.
 *
 * <p>The runtime does not depend on Jetty: the server is reached through the context's public
 * {@code getContextHandler().getServer()}, and the listener is a {@link Proxy} of the interface loaded through the
 * server's class loader (a web application's class loader hides {@code org.eclipse.jetty.*}). On another container
 * this does nothing; on a Jetty where any of it fails, it logs one line at {@code DEBUG} and the application stop
 * alone says goodbye, as before.
 *
 * <p>Threading: the drain runs on the thread that stops the server, with the application's class loader as its
 * context class loader. The listener is removed when the runtime closes, so a stopped or redeployed application
 * leaves nothing on the server, and a later server stop does not drain it again.
 */
final class JettyServerStop implements InvocationHandler {

    private static final System.Logger LOG = System.getLogger(JettyServerStop.class.getName());

    private static final String LISTENER = "org.eclipse.jetty.util.component.LifeCycle$Listener";

    private final Object server;
    private final Runnable drain;
    private final ClassLoader application;

    private JettyServerStop(Object server, Runnable drain, ClassLoader application) {
        this.server = server;
        this.drain = drain;
        this.application = application;
    }

    /**
     * Runs {@code drain} as soon as the Jetty server that runs {@code context} starts to stop, if it is a Jetty's.
     *
     * @param drain the runtime's idempotent stop; runs at most once from here
     * @return removes the listener from the server (does nothing where none was added); run it when the runtime
     *     closes
     */
    static Runnable install(ServletContext context, Runnable drain) {
        Method handlerOf;
        try {
            handlerOf = context.getClass().getMethod("getContextHandler");
        } catch (NoSuchMethodException | RuntimeException notJetty) {
            return () -> {};
        }
        try {
            Object handler = handlerOf.invoke(context);
            Object server = handler.getClass().getMethod("getServer").invoke(handler);
            if (server == null) {
                LOG.log(
                        Level.DEBUG,
                        "The context ''{0}'' has no Jetty server; a server stop is heard when the"
                                + " application stops",
                        context.getContextPath());
                return () -> {};
            }
            Class<?> listenerType =
                    Class.forName(LISTENER, false, server.getClass().getClassLoader());
            Object listener = Proxy.newProxyInstance(
                    listenerType.getClassLoader(),
                    new Class<?>[] {listenerType},
                    new JettyServerStop(server, drain, context.getClassLoader()));
            Method remove = server.getClass().getMethod("removeEventListener", EventListener.class);
            server.getClass().getMethod("addEventListener", EventListener.class).invoke(server, listener);
            return () -> {
                try {
                    remove.invoke(server, listener);
                } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                    LOG.log(Level.DEBUG, "Could not remove the realtime runtime's listener from the Jetty server", e);
                }
            };
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(
                    Level.DEBUG,
                    "Cannot hear the Jetty server of ''" + context.getContextPath() + "'' stop; its clients are told"
                            + " to reconnect when the application stops, after Jetty closed their connections",
                    e);
            return () -> {};
        }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "lifeCycleStopping" -> {
                if (args != null && args.length == 1 && args[0] == server) {
                    drainAsTheApplication();
                }
            }
            case "equals" -> {
                return args != null && args.length == 1 && proxy == args[0];
            }
            case "hashCode" -> {
                return System.identityHashCode(proxy);
            }
            case "toString" -> {
                return "realtime drain when the server stops";
            }
            default -> {
                // the other lifecycle events (void): nothing to do
            }
        }
        return null;
    }

    // An exception here would fail Jetty's stop; the drain's own failures are the runtime's to report.
    private void drainAsTheApplication() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(application);
        try {
            drain.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The realtime runtime's drain failed as the Jetty server stopped", e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
