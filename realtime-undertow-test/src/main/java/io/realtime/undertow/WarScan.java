package io.realtime.undertow;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.annotation.HandlesTypes;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.annotation.WebServlet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.CompositeIndex;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.Indexer;

/**
 * What a WAR's classes declare, found as WildFly finds it: every class of {@code WEB-INF/classes} and of the jars
 * of {@code WEB-INF/lib} that the ordering keeps is indexed with Jandex (read, not loaded), so that the
 * {@code @HandlesTypes} of each initializer and the {@code @WebServlet}, {@code @WebFilter} and
 * {@code @WebListener} classes are known before anything runs. Initializers come from the
 * {@code META-INF/services/jakarta.servlet.ServletContainerInitializer} of the kept jars, in order, then of
 * {@code WEB-INF/classes}, which no ordering excludes (Servlet 6.0 §8.2.4).
 */
final class WarScan {

    private static final String SERVICES = "META-INF/services/" + ServletContainerInitializer.class.getName();

    /** An initializer and the classes its {@code @HandlesTypes} asks for; empty when it asks for none. */
    record Initializer(Class<? extends ServletContainerInitializer> type, Set<Class<?>> handles) {}

    /** What the WAR declares. */
    record Found(
            List<Initializer> initializers,
            List<Class<?>> servlets,
            List<Class<?>> filters,
            List<Class<?>> listeners) {}

    private WarScan() {}

    /**
     * @param classes {@code WEB-INF/classes}, which may be absent
     * @param jars the jars of {@code WEB-INF/lib} the ordering keeps, in order
     * @param annotations whether to look for {@code @WebServlet} and the like ({@code metadata-complete} says not)
     */
    static Found scan(Path classes, List<Path> jars, ClassLoader loader, boolean annotations) {
        List<IndexView> indexes = new ArrayList<>();
        List<String> initializerNames = new ArrayList<>();
        for (Path jar : jars) {
            try (FileSystem zip = FileSystems.newFileSystem(jar)) {
                Path root = zip.getPath("/");
                indexes.add(index(root));
                initializerNames.addAll(services(root));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + jar, e);
            }
        }
        if (Files.isDirectory(classes)) {
            indexes.add(index(classes));
            initializerNames.addAll(services(classes));
        }
        IndexView index = CompositeIndex.create(indexes);
        List<Initializer> initializers = new ArrayList<>();
        for (String name : new LinkedHashSet<>(initializerNames)) {
            Class<? extends ServletContainerInitializer> type =
                    load(name, loader).asSubclass(ServletContainerInitializer.class);
            HandlesTypes handles = type.getAnnotation(HandlesTypes.class);
            Set<Class<?>> found = new LinkedHashSet<>();
            for (Class<?> handled : handles == null ? new Class<?>[0] : handles.value()) {
                for (String match : matching(index, handled)) {
                    found.add(load(match, loader));
                }
            }
            initializers.add(new Initializer(type, found));
        }
        if (!annotations) {
            return new Found(initializers, List.of(), List.of(), List.of());
        }
        return new Found(
                initializers,
                annotated(index, WebServlet.class, loader),
                annotated(index, WebFilter.class, loader),
                annotated(index, WebListener.class, loader));
    }

    /** Classes annotated with, extending or implementing {@code handled}, by name and in name order. */
    private static Set<String> matching(IndexView index, Class<?> handled) {
        DotName name = DotName.createSimple(handled.getName());
        Set<String> matches = new TreeSet<>();
        if (handled.isAnnotation()) {
            // Servlet 6.0 §8.2.4: an annotation on the class, a method, a field or a parameter selects the class.
            for (AnnotationInstance instance : index.getAnnotations(name)) {
                declaringClass(instance.target()).ifPresent(matches::add);
            }
        } else {
            index.getAllKnownSubclasses(name)
                    .forEach(info -> matches.add(info.name().toString()));
            index.getAllKnownImplementations(name)
                    .forEach(info -> matches.add(info.name().toString()));
        }
        return matches;
    }

    private static Optional<String> declaringClass(AnnotationTarget target) {
        return switch (target.kind()) {
            case CLASS -> Optional.of(target.asClass().name().toString());
            case METHOD -> Optional.of(target.asMethod().declaringClass().name().toString());
            case FIELD -> Optional.of(target.asField().declaringClass().name().toString());
            case METHOD_PARAMETER ->
                Optional.of(target.asMethodParameter()
                        .method()
                        .declaringClass()
                        .name()
                        .toString());
            default -> Optional.empty();
        };
    }

    private static List<Class<?>> annotated(IndexView index, Class<?> annotation, ClassLoader loader) {
        Set<String> names = new TreeSet<>();
        for (AnnotationInstance instance : index.getAnnotations(DotName.createSimple(annotation.getName()))) {
            if (instance.target().kind() == AnnotationTarget.Kind.CLASS) {
                ClassInfo type = instance.target().asClass();
                names.add(type.name().toString());
            }
        }
        return names.stream().<Class<?>>map(name -> load(name, loader)).toList();
    }

    private static IndexView index(Path root) {
        Indexer indexer = new Indexer();
        try (var files = Files.walk(root)) {
            for (Path file :
                    files.filter(path -> path.toString().endsWith(".class")).toList()) {
                if (file.getFileName().toString().equals("module-info.class")
                        || root.relativize(file).toString().startsWith("META-INF/versions/")) {
                    continue; // not classes the application's loader serves as such
                }
                try (InputStream in = Files.newInputStream(file)) {
                    indexer.index(in);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot index the classes under " + root, e);
        }
        return indexer.complete();
    }

    private static List<String> services(Path root) {
        Path file = root.resolve(SERVICES);
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                int comment = line.indexOf('#');
                String name = (comment >= 0 ? line.substring(0, comment) : line).trim();
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return names;
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("The WAR names " + name + ", which its class loader cannot load: " + e, e);
        }
    }
}
