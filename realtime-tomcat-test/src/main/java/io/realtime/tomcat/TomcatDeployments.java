package io.realtime.tomcat;

import io.realtime.runtime.Realtime;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.SessionControl;
import jakarta.servlet.ServletContainerInitializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleEvent;
import org.apache.catalina.LifecycleListener;
import org.apache.catalina.Wrapper;
import org.apache.catalina.authenticator.FormAuthenticator;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.session.StandardManager;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.webresources.DirResourceSet;
import org.apache.catalina.webresources.JarResourceSet;
import org.apache.catalina.webresources.StandardRoot;
import org.apache.tomcat.util.descriptor.web.LoginConfig;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.apache.tomcat.websocket.server.WsSci;

/** How the kit deploys an application on Tomcat: programmatically, or a WAR with {@code ContextConfig}. */
final class TomcatDeployments {

    /** What a programmatic deployment holds. */
    record Programmatic(
            RealtimeConfig config,
            List<Object> services,
            boolean webSocket,
            List<Path> staticFiles,
            List<String> users) {}

    private TomcatDeployments() {}

    /**
     * A context without {@code web.xml} processing. Tomcat forgets a context's initializers and servlets when it
     * stops (StandardContext resets itself) but keeps their URL mappings, and {@code ContextConfig} makes up for
     * both from the deployment descriptors; a programmatic context that restarts must do the same, so this one
     * adds the initializers on every {@code configure_start} and removes the mappings on every
     * {@code configure_stop}.
     */
    static Context programmatic(
            Tomcat tomcat, String path, Path baseDir, Programmatic app, Consumer<Throwable> failed) {
        Path docBase = createDirectories(baseDir.resolve("docBase"));
        Context context = tomcat.addContext(tomcat.getHost(), path, docBase.toString());
        if (!app.users().isEmpty()) {
            logins(tomcat, context, app.users());
        }
        context.addLifecycleListener(new LifecycleListener() {
            @Override
            public void lifecycleEvent(LifecycleEvent event) {
                if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                    prepare(context);
                    context.setResources(resources(context, app.staticFiles()));
                } else if (Lifecycle.CONFIGURE_START_EVENT.equals(event.getType())) {
                    if (app.webSocket()) {
                        context.addServletContainerInitializer(new WsSci(), null); // first: see the class Javadoc
                    }
                    ServletContainerInitializer realtime =
                            Realtime.initializer(app.config(), app.services().toArray());
                    context.addServletContainerInitializer(
                            (classes, servletContext) -> {
                                try {
                                    realtime.onStartup(classes, servletContext);
                                } catch (RuntimeException e) {
                                    failed.accept(e);
                                    throw e;
                                }
                            },
                            null);
                    defaultServlet(context);
                    Tomcat.addServlet(context, "realtime-test-kit", new SessionControl());
                    context.addServletMapping(SessionControl.PATH + "/*", "realtime-test-kit");
                } else if (Lifecycle.CONFIGURE_STOP_EVENT.equals(event.getType())) {
                    for (String pattern : context.findServletMappings()) {
                        context.removeServletMapping(pattern);
                    }
                }
            }
        });
        return context;
    }

    /** A WAR, configured as a standalone Tomcat configures it, with only the default servlet of its web.xml. */
    static Context war(Tomcat tomcat, String path, Path war) {
        tomcat.setAddDefaultWebXmlToWebapp(false); // Tomcat's defaults name the JSP servlet, which is absent here
        ContextConfig config = new ContextConfig();
        config.setDefaultWebXml(tomcat.noDefaultWebXmlPath());
        Context context =
                tomcat.addWebapp(tomcat.getHost(), path, war.toAbsolutePath().toString(), config);
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setScanClassPath(false); // a standalone Tomcat's class path holds Tomcat alone, not the test's
        context.setJarScanner(scanner);
        context.addLifecycleListener(event -> {
            if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                prepare(context);
            } else if (Lifecycle.CONFIGURE_START_EVENT.equals(event.getType())) {
                defaultServlet(context);
            }
        });
        return context;
    }

    /**
     * Tomcat's own authentication, as a {@code web.xml} with a FORM {@code <login-config>} and no constraint
     * would set it up: the form authenticator restores each request's principal from its session, and
     * {@code request.login} asks the engine's realm, which holds the users (each one's password is the name). Set
     * once: a context keeps its login configuration and valves across restarts.
     */
    private static void logins(Tomcat tomcat, Context context, List<String> users) {
        for (String user : users) {
            tomcat.addUser(user, user);
            tomcat.addRole(user, "user");
        }
        context.setLoginConfig(new LoginConfig(
                "FORM", "realtime-test", SessionControl.PATH + "/login-page", SessionControl.PATH + "/login-error"));
        context.getPipeline().addValve(new FormAuthenticator());
    }

    static void delete(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete Tomcat's work directory " + root, e);
        }
    }

    // Tomcat waits up to unloadDelay (2 s) for requests in async mode to complete before it tells the application
    // to stop; the runtime's streams and held polls complete only once told, so a redeployment would take 2 s
    // longer and the clients' goodbye would come that much later (docs/containers.md).
    private static void prepare(Context context) {
        if (context instanceof StandardContext standard) {
            standard.setUnloadDelay(50);
        }
        freshSessions(context);
    }

    private static void freshSessions(Context context) {
        StandardManager manager = new StandardManager();
        manager.setPathname(null); // Tomcat would otherwise save sessions on stop and restore them on start
        context.setManager(manager);
    }

    private static void defaultServlet(Context context) {
        if (context.findChild("default") != null) {
            return;
        }
        Wrapper files = Tomcat.addServlet(context, "default", new DefaultServlet());
        files.addInitParameter("listings", "false");
        context.addServletMapping("/", "default");
        Tomcat.addDefaultMimeTypeMappings(context);
    }

    // Like Tomcat serving the META-INF/resources of the jars in WEB-INF/lib: here, of every class path entry.
    private static StandardRoot resources(Context context, List<Path> staticFiles) {
        StandardRoot root = new StandardRoot(context);
        for (Path directory : staticFiles) {
            root.addPreResources(
                    new DirResourceSet(root, "/", directory.toAbsolutePath().toString(), "/"));
        }
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            for (URL url : Collections.list(loader.getResources("META-INF/resources"))) {
                String text = url.toString();
                if (text.startsWith("jar:file:")) {
                    String jar = Path.of(URI.create(text.substring(4, text.indexOf("!/"))))
                            .toString();
                    root.addJarResources(new JarResourceSet(root, "/", jar, "/META-INF/resources"));
                } else if (text.startsWith("file:")) {
                    root.addJarResources(
                            new DirResourceSet(root, "/", Path.of(url.toURI()).toString(), "/"));
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("Cannot list the class path's META-INF/resources", e);
        }
        return root;
    }

    private static Path createDirectories(Path directory) {
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + directory, e);
        }
    }
}
