package io.realtime.samples.smoke;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Eclipse GlassFish 7 (Jakarta EE 10), unpacked from its distribution ({@code
 * org.glassfish.main.distributions:glassfish}): a domain of its own is created under {@code work} with
 * {@code asadmin create-domain} on a base of free ports, its listeners bound to 127.0.0.1, the WAR copied unchanged
 * into its {@code autodeploy/}, and the domain run by {@code asadmin start-domain --verbose}. It stops as an
 * administrator stops it, with {@code asadmin stop-domain}, which undeploys the applications while the connections
 * are still up (a signal to the launcher ends the server without its applications hearing).
 *
 * <p>The library ({@code io.realtime}) logs at its most verbose level into the domain's {@code logs/}, which the
 * build's token scan reads.
 */
final class GlassFish {

    /** The ports a domain takes, as offsets from its port base (asadmin create-domain --portbase). */
    private static final List<Integer> OFFSETS = List.of(9, 37, 38, 39, 48, 66, 76, 80, 81, 86);

    /** What GlassFish logs once its autodeployer has deployed the WAR, or failed to. */
    private static final Pattern STARTED =
            Pattern.compile("\\[AutoDeploy\\] (Successfully autodeployed|Autodeploy failed)");

    private GlassFish() {}

    /** Creates a domain {@code name} under {@code work} with {@code war}, and starts it. */
    static Standalone start(Path home, Path work, String name, Path war) throws IOException {
        Path domains = Standalone.fresh(work.resolve(name + "-domains"));
        Path asadmin = home.resolve("glassfish/bin/asadmin");
        Map<String, String> environment = Map.of("AS_JAVA", javaHome());
        int base = freePortBase();
        run(
                environment,
                work.resolve(name + "-create.log"),
                List.of(
                        asadmin.toString(),
                        "--user",
                        "admin",
                        "create-domain",
                        "--nopassword",
                        "--portbase",
                        String.valueOf(base),
                        "--domaindir",
                        domains.toString(),
                        name));
        Path domain = domains.resolve(name);
        Path config = domain.resolve("config/domain.xml");
        Files.writeString(
                config,
                Files.readString(config)
                        .replace("address=\"0.0.0.0\"", "address=\"127.0.0.1\"")
                        .replaceAll(
                                "<network-listener (?![^>]*\\baddress=)", "<network-listener address=\"127.0.0.1\" "));
        Files.writeString(
                domain.resolve("config/logging.properties"), "\nio.realtime.level=ALL\n", StandardOpenOption.APPEND);
        Files.copy(war, domain.resolve("autodeploy").resolve(war.getFileName()));
        List<String> command =
                List.of(asadmin.toString(), "start-domain", "--verbose", "--domaindir", domains.toString(), name);
        List<String> stop = List.of(asadmin.toString(), "stop-domain", "--domaindir", domains.toString(), name);
        return Standalone.start(
                "standalone GlassFish",
                command,
                environment,
                domain,
                work.resolve(name + ".log"),
                base + 80,
                STARTED,
                stop);
    }

    private static void run(Map<String, String> environment, Path log, List<String> command) throws IOException {
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        String.join(" ", command.subList(1, 4)) + " failed:\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String javaHome() {
        return Path.of(Standalone.java()).getParent().getParent().toString();
    }

    // A port base whose every port is free now; the domain binds them a moment later. Below Linux's ephemeral ports
    // (32768 and up), which clients' connections take and leave in TIME_WAIT, which create-domain counts as in use.
    private static int freePortBase() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(100, 320) * 100;
            if (OFFSETS.stream().allMatch(offset -> free(base + offset))) {
                return base;
            }
        }
        throw new IOException("No port base with " + OFFSETS.size() + " free ports found");
    }

    // As create-domain checks: on every interface, without reusing an address.
    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port), 1);
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
