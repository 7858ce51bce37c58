package io.realtime.undertow;

import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.PathResourceManager;
import io.undertow.server.handlers.resource.Resource;
import io.undertow.server.handlers.resource.ResourceChangeListener;
import io.undertow.server.handlers.resource.ResourceManager;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files an application serves, looked up in order, the first that has a path winning: directories, then the
 * {@code META-INF/resources} of jars (Servlet 6.0 §4.6), which a servlet container serves as if they were in the
 * application's root. Undertow takes one {@link ResourceManager}; this one asks several.
 */
final class Resources implements ResourceManager {

    private final List<ResourceManager> managers;
    private final List<AutoCloseable> owned;

    private Resources(List<ResourceManager> managers, List<AutoCloseable> owned) {
        this.managers = List.copyOf(managers);
        this.owned = List.copyOf(owned);
    }

    /**
     * @param directories served first, in order
     * @param jars whose {@code META-INF/resources} are served next, in order
     * @param loader whose {@code META-INF/resources} are served last, such as the test's class path; may be null
     */
    static Resources of(List<Path> directories, List<Path> jars, ClassLoader loader) {
        List<ResourceManager> managers = new ArrayList<>();
        List<AutoCloseable> owned = new ArrayList<>();
        directories.forEach(directory -> managers.add(new PathResourceManager(directory.toAbsolutePath())));
        if (!jars.isEmpty()) {
            URL[] urls = jars.stream().map(Resources::url).toArray(URL[]::new);
            URLClassLoader jarLoader = new URLClassLoader("war-resources", urls, null);
            owned.add(jarLoader);
            managers.add(new ClassPathResourceManager(jarLoader, "META-INF/resources"));
        }
        if (loader != null) {
            managers.add(new ClassPathResourceManager(loader, "META-INF/resources"));
        }
        return new Resources(managers, owned);
    }

    @Override
    public Resource getResource(String path) throws IOException {
        for (ResourceManager manager : managers) {
            Resource found = manager.getResource(path);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    @Override
    public boolean isResourceChangeListenerSupported() {
        return false;
    }

    @Override
    public void registerResourceChangeListener(ResourceChangeListener listener) {
        throw new IllegalArgumentException("The kit's files do not report changes");
    }

    @Override
    public void removeResourceChangeListener(ResourceChangeListener listener) {
        throw new IllegalArgumentException("The kit's files do not report changes");
    }

    @Override
    public void close() throws IOException {
        for (ResourceManager manager : managers) {
            manager.close();
        }
        for (AutoCloseable resource : owned) {
            try {
                resource.close();
            } catch (Exception e) {
                throw new IOException("Cannot close " + resource, e);
            }
        }
    }

    static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException("No URL for " + path, e);
        }
    }
}
