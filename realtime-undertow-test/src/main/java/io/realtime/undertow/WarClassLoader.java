package io.realtime.undertow;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A web application's class loader, as Servlet 6.0 §10.7.2 asks of a container: classes and resources come from
 * {@code WEB-INF/classes} and {@code WEB-INF/lib} first, and from the parent only when the WAR has none, except the
 * Java platform's and the container's own (the servlet and WebSocket APIs, Undertow, XNIO), which always come from
 * the parent. So a runtime in the WAR's {@code WEB-INF/lib} is loaded from there even when the test's class path
 * holds another copy, as in a standalone container, whose class path holds the container alone.
 */
final class WarClassLoader extends URLClassLoader {

    /** What the container provides and a WAR may not replace. */
    private static final List<String> CONTAINER = List.of(
            "java.", "javax.", "jakarta.", "jdk.", "sun.", "io.undertow.", "org.xnio.", "org.jboss.", "org.wildfly.");

    static {
        ClassLoader.registerAsParallelCapable();
    }

    WarClassLoader(URL[] urls, ClassLoader parent) {
        super("war", urls, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (container(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> type = findLoadedClass(name);
            if (type == null) {
                try {
                    type = findClass(name);
                } catch (ClassNotFoundException notInTheWar) {
                    type = getParent().loadClass(name);
                }
            }
            if (resolve) {
                resolveClass(type);
            }
            return type;
        }
    }

    @Override
    public URL getResource(String name) {
        URL own = container(name.replace('/', '.')) ? null : findResource(name);
        return own != null ? own : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
        for (URL url : Collections.list(getParent().getResources(name))) {
            if (!all.contains(url)) {
                all.add(url);
            }
        }
        return Collections.enumeration(all);
    }

    private static boolean container(String name) {
        return CONTAINER.stream().anyMatch(name::startsWith);
    }
}
