package io.realtime.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Finds the JDK the benchmark runs on: Atmosphere 4 needs Java 21 or later, and every server of a run (and the
 * load generator) must run on the same JDK, so one JDK of version 21 or later is chosen for everything. In
 * order: the system property {@code bench.jdk}, the environment variable {@code BENCH_JDK}, {@code JAVA_HOME},
 * the running JVM, then the newest JDK 21+ installed in the usual places ({@code /usr/lib/jvm},
 * {@code /usr/java}, {@code /opt/java}, {@code /Library/Java/JavaVirtualMachines}, SDKMAN's candidates).
 *
 * <p>The build uses it too ({@link #main}): Maven may run on Java 17, so the Atmosphere variant's sources
 * (in {@code src/atmosphere/java}) are compiled by the chosen JDK's {@code javac} with {@code --release 21}.
 *
 * @param home the JDK's directory
 * @param feature its feature version, such as 25
 */
public record Jdk(Path home, int feature) {

    /** The oldest JDK that can run every variant. */
    public static final int MINIMUM = 21;

    /**
     * The JDK to run on.
     *
     * @return the JDK
     * @throws IllegalStateException if none of version 21 or later is found, saying where it looked
     */
    public static Jdk locate() {
        List<String> looked = new ArrayList<>();
        for (String explicit : new String[] {System.getProperty("bench.jdk"), System.getenv("BENCH_JDK")}) {
            if (explicit != null && !explicit.isBlank()) {
                return at(Path.of(explicit))
                        .filter(jdk -> jdk.feature >= MINIMUM)
                        .orElseThrow(() -> new IllegalStateException(
                                explicit + " (from bench.jdk or BENCH_JDK) is not a JDK " + MINIMUM + " or later"));
            }
        }
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getenv("JAVA_HOME")).map(Path::of).ifPresent(candidates::add);
        candidates.add(Path.of(System.getProperty("java.home")));
        for (Path candidate : candidates) {
            looked.add(candidate.toString());
            Optional<Jdk> jdk = at(candidate).filter(found -> found.feature >= MINIMUM);
            if (jdk.isPresent()) {
                return jdk.get();
            }
        }
        String user = System.getProperty("user.home");
        List<Path> roots = List.of(
                Path.of("/usr/lib/jvm"),
                Path.of("/usr/java"),
                Path.of("/opt/java"),
                Path.of("/Library/Java/JavaVirtualMachines"),
                Path.of(user, ".sdkman", "candidates", "java"));
        looked.addAll(roots.stream().map(Path::toString).toList());
        return roots.stream()
                .flatMap(Jdk::children)
                .flatMap(dir -> Stream.of(dir, dir.resolve("Contents/Home")))
                .map(Jdk::at)
                .flatMap(Optional::stream)
                .filter(jdk -> jdk.feature >= MINIMUM)
                .max(Comparator.comparingInt(Jdk::feature))
                .orElseThrow(() -> new IllegalStateException("The benchmark needs a JDK " + MINIMUM
                        + " or later (Atmosphere 4 requires it, and every server runs on the same JDK); none found in "
                        + String.join(", ", looked)
                        + ". Install one, or name it with -Dbench.jdk=<dir> or BENCH_JDK=<dir>."));
    }

    /**
     * Its {@code java} launcher.
     *
     * @return the path
     */
    public Path java() {
        return tool("java");
    }

    /**
     * One of its tools.
     *
     * @param name such as {@code javac}
     * @return the path
     */
    public Path tool(String name) {
        Path unix = home.resolve("bin").resolve(name);
        return Files.exists(unix) ? unix : home.resolve("bin").resolve(name + ".exe");
    }

    /**
     * Whether this JDK is the one running this code.
     *
     * @return {@code true} if so
     */
    public boolean isCurrent() {
        try {
            return Files.isSameFile(home, Path.of(System.getProperty("java.home")));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Build step: {@code Jdk <sources> <classes> <classpath>} compiles every {@code .java} file under
     * {@code sources} with the located JDK's {@code javac --release 21} into {@code classes}.
     *
     * @param args the source directory, the output directory and the class path
     * @throws Exception if compilation fails; the exit status is then javac's
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: Jdk <source directory> <output directory> <classpath>");
            System.exit(2);
        }
        Jdk jdk = locate();
        List<String> command = new ArrayList<>(List.of(
                jdk.tool("javac").toString(),
                "--release",
                String.valueOf(MINIMUM),
                "-Xlint:all,-processing,-serial",
                "-Werror",
                "-proc:none",
                "-encoding",
                "UTF-8",
                "-d",
                args[1],
                "-cp",
                args[2]));
        try (Stream<Path> files = Files.walk(Path.of(args[0]))) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> command.add(file.toString()));
        }
        System.out.println("Compiling " + args[0] + " with " + jdk.home() + " (Java " + jdk.feature() + ")");
        int status = new ProcessBuilder(command).inheritIO().start().waitFor();
        if (status != 0) {
            System.exit(status);
        }
    }

    private static Optional<Jdk> at(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.exists(home.resolve("bin"))) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (var in = Files.newInputStream(release)) {
            properties.load(in);
        } catch (IOException e) {
            return Optional.empty();
        }
        String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "");
        try {
            int feature = Integer.parseInt(version.split("[.+-]")[0]);
            boolean compiler = Files.exists(home.resolve("bin/javac")) || Files.exists(home.resolve("bin/javac.exe"));
            return compiler ? Optional.of(new Jdk(home.toRealPath(), feature)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<Path> children(Path root) {
        if (!Files.isDirectory(root)) {
            return Stream.empty();
        }
        try (Stream<Path> list = Files.list(root)) {
            return list.toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }
}
