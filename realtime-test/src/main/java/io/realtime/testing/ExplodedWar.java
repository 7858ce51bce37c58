package io.realtime.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Assembles an exploded WAR from the test's class path, to deploy with {@code ServerBuilder.war(Path)}: classes
 * go to {@code WEB-INF/classes}, the jars (or class directories, packed as jars) that hold given classes go to
 * {@code WEB-INF/lib}, and a {@code web.xml} may be added.
 *
 * <pre>{@code
 * Path war = ExplodedWar.at(Path.of("target", "greeter-war"))
 *         .classes(Greeter.class)
 *         .libraryOf(RealtimeInitializer.class, Stream.class, ObjectMapper.class)
 *         .build();
 * }</pre>
 *
 * <p>{@link #build()} deletes whatever was at the directory first. Not thread-safe; blocks on file I/O.
 */
public final class ExplodedWar {

    private final Path root;
    private final Set<Class<?>> classes = new LinkedHashSet<>();
    private final Set<Path> libraries = new LinkedHashSet<>();
    private final Map<String, String> files = new LinkedHashMap<>();

    private ExplodedWar(Path root) {
        this.root = root;
    }

    /**
     * A WAR to be assembled at a directory.
     *
     * @param root the directory, such as {@code target/my-war}
     * @return the builder
     */
    public static ExplodedWar at(Path root) {
        return new ExplodedWar(Objects.requireNonNull(root, "root"));
    }

    /**
     * Adds classes, with their nested classes, to {@code WEB-INF/classes}.
     *
     * @param values top-level classes
     * @return this builder
     */
    public ExplodedWar classes(Class<?>... values) {
        classes.addAll(List.of(values));
        return this;
    }

    /**
     * Adds to {@code WEB-INF/lib} the jar each class was loaded from, once each.
     *
     * @param values one class of each jar, such as {@code RealtimeInitializer.class} for the runtime
     * @return this builder
     */
    public ExplodedWar libraryOf(Class<?>... values) {
        for (Class<?> type : values) {
            libraries.add(origin(type));
        }
        return this;
    }

    /**
     * Sets {@code WEB-INF/web.xml}.
     *
     * @param value the descriptor
     * @return this builder
     */
    public ExplodedWar webXml(String value) {
        return file("WEB-INF/web.xml", value);
    }

    /**
     * Adds a text file, such as {@code WEB-INF/classes/META-INF/services/...}.
     *
     * @param path relative to the WAR's root
     * @param content the file's text, written in UTF-8
     * @return this builder
     */
    public ExplodedWar file(String path, String content) {
        files.put(Objects.requireNonNull(path, "path"), Objects.requireNonNull(content, "content"));
        return this;
    }

    /**
     * Writes the WAR.
     *
     * @return its directory
     * @throws UncheckedIOException if a file cannot be read or written
     */
    public Path build() {
        try {
            delete(root);
            Path classesDir = Files.createDirectories(root.resolve("WEB-INF/classes"));
            Path lib = Files.createDirectories(root.resolve("WEB-INF/lib"));
            for (Class<?> type : classes) {
                copyClass(type, classesDir);
            }
            int index = 0;
            for (Path library : libraries) {
                String name = Files.isRegularFile(library)
                        ? library.getFileName().toString()
                        : "classes-" + index++ + "-" + library.getParent().getFileName() + ".jar";
                copyAsJar(library, lib.resolve(name));
            }
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path target = root.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot assemble the WAR at " + root, e);
        }
    }

    private static void copyClass(Class<?> type, Path classesDir) throws IOException {
        Path origin = origin(type);
        if (Files.isRegularFile(origin)) {
            try (FileSystem jar = FileSystems.newFileSystem(origin)) {
                copyClass(type, jar.getPath("/"), classesDir);
            }
        } else {
            copyClass(type, origin, classesDir);
        }
    }

    private static void copyClass(Class<?> type, Path base, Path classesDir) throws IOException {
        String prefix = type.getName().replace('.', '/');
        try (var files = Files.walk(base)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String relative = base.relativize(file).toString().replace('\\', '/');
                if (relative.equals(prefix + ".class") || relative.startsWith(prefix + "$")) {
                    Path target = classesDir.resolve(relative);
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target);
                }
            }
        }
    }

    /** Copies a jar, or packs a class directory (as the reactor provides modules) into one. */
    private static void copyAsJar(Path source, Path jar) throws IOException {
        if (Files.isRegularFile(source)) {
            Files.copy(source, jar);
            return;
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                var files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(source.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, (OutputStream) out);
                out.closeEntry();
            }
        }
    }

    private static Path origin(Class<?> type) {
        try {
            return Path.of(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("No jar or directory holds " + type.getName(), e);
        }
    }

    private static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
