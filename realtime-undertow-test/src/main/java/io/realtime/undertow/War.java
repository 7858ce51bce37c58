package io.realtime.undertow;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A web application archive as a standalone server deploys it: an exploded directory (a {@code .war} file is
 * unpacked into the kit's work directory first), its {@code web.xml}, and the jars of {@code WEB-INF/lib} that its
 * {@code <absolute-ordering>} keeps (Servlet 6.0 §8.2.2: a jar whose {@code web-fragment.xml} the ordering leaves
 * out brings neither initializers nor annotated classes; its classes stay on the class path).
 */
final class War {

    private final Path root;
    private final WebXml webXml;
    private final List<Path> jars;
    private final List<Path> kept;

    private War(Path root, WebXml webXml, List<Path> jars, List<Path> kept) {
        this.root = root;
        this.webXml = webXml;
        this.jars = jars;
        this.kept = kept;
    }

    /** One start's class loader, files, and what the scan found. */
    record Loaded(
            WarClassLoader loader,
            Resources files,
            WebXml webXml,
            Optional<List<String>> orderedLibs,
            WarScan.Found found) {

        Class<?> load(String name) {
            try {
                return Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException("web.xml names " + name + ", which the WAR cannot load: " + e, e);
            }
        }
    }

    /** Reads the WAR at {@code path}, unpacking a {@code .war} file under {@code work}. */
    static War read(Path path, Path work) {
        Path root = Files.isDirectory(path) ? path : unpack(path, work.resolve("war"));
        WebXml webXml = WebXml.of(root);
        List<Path> jars;
        Path lib = root.resolve("WEB-INF/lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> files = Files.list(lib)) {
                jars = files.filter(file -> file.toString().endsWith(".jar"))
                        .sorted()
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + lib, e);
            }
        } else {
            jars = List.of();
        }
        return new War(root, webXml, jars, kept(jars, webXml.ordering()));
    }

    /** A fresh class loader and scan, as every deployment of a WAR has. */
    Loaded load() {
        List<URL> urls = new ArrayList<>();
        urls.add(Resources.url(root.resolve("WEB-INF/classes")));
        jars.forEach(jar -> urls.add(Resources.url(jar)));
        WarClassLoader loader = new WarClassLoader(urls.toArray(URL[]::new), War.class.getClassLoader());
        WarScan.Found found = WarScan.scan(root.resolve("WEB-INF/classes"), kept, loader, !webXml.metadataComplete());
        Optional<List<String>> ordered = webXml.ordering()
                .map(ignored ->
                        kept.stream().map(jar -> jar.getFileName().toString()).toList());
        return new Loaded(loader, Resources.of(List.of(root), jars, null), webXml, ordered, found);
    }

    /** The jars an absolute ordering keeps, in its order; all of them without one. */
    private static List<Path> kept(List<Path> jars, Optional<List<String>> ordering) {
        if (ordering.isEmpty()) {
            return jars;
        }
        Map<String, Path> named = new LinkedHashMap<>();
        for (Path jar : jars) {
            fragmentName(jar).ifPresent(name -> named.putIfAbsent(name, jar));
        }
        List<Path> listed = ordering.get().stream()
                .map(named::get)
                .filter(jar -> jar != null)
                .toList();
        List<Path> kept = new ArrayList<>();
        for (String entry : ordering.get()) {
            if (WebXml.OTHERS.equals(entry)) {
                jars.stream()
                        .filter(jar -> !listed.contains(jar) && !kept.contains(jar))
                        .forEach(kept::add);
            } else if (named.containsKey(entry) && !kept.contains(named.get(entry))) {
                kept.add(named.get(entry));
            }
        }
        return List.copyOf(kept);
    }

    private static Optional<String> fragmentName(Path jar) {
        try (FileSystem zip = FileSystems.newFileSystem(jar)) {
            Path fragment = zip.getPath("META-INF/web-fragment.xml");
            if (!Files.exists(fragment)) {
                return Optional.empty();
            }
            try (InputStream in = Files.newInputStream(fragment)) {
                return WebXml.fragmentName(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + jar, e);
        }
    }

    private static Path unpack(Path war, Path into) {
        try (FileSystem zip = FileSystems.newFileSystem(war);
                Stream<Path> entries = Files.walk(zip.getPath("/"))) {
            for (Path entry : entries.toList()) {
                Path target = into.resolve(entry.toString().substring(1));
                if (!target.normalize().startsWith(into)) {
                    throw new IllegalStateException("The WAR " + war + " holds an entry outside itself: " + entry);
                }
                if (Files.isDirectory(entry)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(entry, target);
                }
            }
            return into;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack " + war, e);
        }
    }
}
