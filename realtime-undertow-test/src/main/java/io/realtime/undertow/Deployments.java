package io.realtime.undertow;

import io.realtime.runtime.Realtime;
import io.realtime.runtime.RealtimeConfig;
import io.realtime.testing.SessionControl;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.FilterInfo;
import io.undertow.servlet.api.LoginConfig;
import io.undertow.servlet.api.ServletContainerInitializerInfo;
import io.undertow.servlet.api.ServletInfo;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import io.undertow.websockets.jsr.WebSocketDeploymentInfo;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.annotation.WebInitParam;
import jakarta.servlet.annotation.WebServlet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EventListener;
import java.util.List;
import java.util.function.Supplier;

/**
 * The {@link DeploymentInfo} of one start of an application, built afresh for every start as a standalone server
 * builds it for every deployment: programmatic (the kit's services through {@code Realtime.initializer}), or a WAR
 * read by {@link War}.
 */
final class Deployments {

    static final String NAME = "realtime-test";

    /** Undertow's servlet module adds no welcome files of its own; WildFly adds these. */
    private static final List<String> WELCOME = List.of("index.html", "index.htm");

    /** What a programmatic deployment holds. */
    record Programmatic(
            RealtimeConfig config,
            List<Object> services,
            boolean webSocket,
            List<Path> staticFiles,
            List<String> users) {}

    /** One start's deployment, and what to release once it has stopped. */
    record Start(DeploymentInfo info, List<AutoCloseable> resources) {}

    private Deployments() {}

    static Start programmatic(Programmatic app, String contextPath, Supplier<WebSocketDeploymentInfo> webSockets) {
        ClassLoader loader = Deployments.class.getClassLoader();
        ServletContainerInitializer realtime =
                Realtime.initializer(app.config(), app.services().toArray());
        Resources files = Resources.of(
                app.staticFiles(), List.of(), Thread.currentThread().getContextClassLoader());
        DeploymentInfo info = base(contextPath, loader, files, WELCOME)
                .setIdentityManager(new Logins(app.users()))
                .addServlet(Servlets.servlet("realtime-test-kit", SessionControl.class)
                        .addMapping(SessionControl.PATH + "/*"))
                .addServletContainerInitializer(new ServletContainerInitializerInfo(
                        realtime.getClass(), new ImmediateInstanceFactory<>(realtime), null));
        if (!app.users().isEmpty()) {
            // Undertow's FORM mechanism, with nothing constrained: a login kept in the session gives every later
            // request of the session its principal, as in an application.
            info.setLoginConfig(new LoginConfig(
                    "FORM",
                    "realtime-test",
                    SessionControl.PATH + "/login-page",
                    SessionControl.PATH + "/login-error"));
        }
        if (app.webSocket()) {
            info.addServletContextAttribute(WebSocketDeploymentInfo.ATTRIBUTE_NAME, webSockets.get());
        }
        return new Start(info, List.of(files));
    }

    static Start war(War war, String contextPath, Supplier<WebSocketDeploymentInfo> webSockets) {
        War.Loaded loaded = war.load();
        WebXml xml = loaded.webXml();
        DeploymentInfo info = base(
                        contextPath,
                        loaded.loader(),
                        loaded.files(),
                        xml.welcomeFiles().isEmpty() ? WELCOME : xml.welcomeFiles())
                .setIdentityManager(new Logins(List.of()))
                .addServletContextAttribute(WebSocketDeploymentInfo.ATTRIBUTE_NAME, webSockets.get());
        loaded.orderedLibs()
                .ifPresent(libs -> info.addServletContextAttribute(jakarta.servlet.ServletContext.ORDERED_LIBS, libs));
        xml.contextParameters().forEach(info::addInitParameter);
        for (String listener : xml.listeners()) {
            info.addListener(Servlets.listener(loaded.load(listener).asSubclass(EventListener.class)));
        }
        for (WebXml.Servlet servlet : xml.servlets()) {
            ServletInfo declared = Servlets.servlet(
                            servlet.name(), loaded.load(servlet.className()).asSubclass(Servlet.class))
                    .setAsyncSupported(servlet.asyncSupported())
                    .setLoadOnStartup(servlet.loadOnStartup())
                    .addMappings(servlet.mappings());
            servlet.initParameters().forEach(declared::addInitParam);
            info.addServlet(declared);
        }
        WarScan.Found found = loaded.found();
        found.listeners().forEach(type -> info.addListener(Servlets.listener(type.asSubclass(EventListener.class))));
        found.servlets().forEach(type -> info.addServlet(servlet(type.asSubclass(Servlet.class))));
        found.filters().forEach(type -> filter(info, type.asSubclass(Filter.class)));
        for (WarScan.Initializer initializer : found.initializers()) {
            info.addServletContainerInitializer(
                    new ServletContainerInitializerInfo(initializer.type(), initializer.handles()));
        }
        return new Start(info, List.of(loaded.files(), loaded.loader()));
    }

    private static DeploymentInfo base(
            String contextPath, ClassLoader loader, Resources files, List<String> welcomeFiles) {
        return Servlets.deployment()
                .setClassLoader(loader)
                .setContextPath(contextPath)
                .setDeploymentName(NAME)
                .setResourceManager(files)
                .addWelcomePages(welcomeFiles);
    }

    private static ServletInfo servlet(Class<? extends Servlet> type) {
        WebServlet declared = type.getAnnotation(WebServlet.class);
        String name = declared.name().isEmpty() ? type.getName() : declared.name();
        ServletInfo servlet = Servlets.servlet(name, type)
                .setAsyncSupported(declared.asyncSupported())
                .addMappings(declared.value().length > 0 ? declared.value() : declared.urlPatterns());
        if (declared.loadOnStartup() >= 0) {
            servlet.setLoadOnStartup(declared.loadOnStartup());
        }
        for (WebInitParam parameter : declared.initParams()) {
            servlet.addInitParam(parameter.name(), parameter.value());
        }
        return servlet;
    }

    private static void filter(DeploymentInfo info, Class<? extends Filter> type) {
        WebFilter declared = type.getAnnotation(WebFilter.class);
        String name = declared.filterName().isEmpty() ? type.getName() : declared.filterName();
        FilterInfo filter = Servlets.filter(name, type).setAsyncSupported(declared.asyncSupported());
        for (WebInitParam parameter : declared.initParams()) {
            filter.addInitParam(parameter.name(), parameter.value());
        }
        info.addFilter(filter);
        List<String> patterns = new ArrayList<>(List.of(declared.value()));
        patterns.addAll(List.of(declared.urlPatterns()));
        for (DispatcherType dispatcher : declared.dispatcherTypes()) {
            patterns.forEach(pattern -> info.addFilterUrlMapping(name, pattern, dispatcher));
            for (String servletName : declared.servletNames()) {
                info.addFilterServletNameMapping(name, servletName, dispatcher);
            }
        }
    }
}
