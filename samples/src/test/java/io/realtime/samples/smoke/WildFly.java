package io.realtime.samples.smoke;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * WildFly, unpacked from its distribution ({@code org.wildfly:wildfly-dist}), run by its own {@code standalone.sh}
 * with a server base of its own (the distribution's {@code standalone/configuration}, the default profile) and the
 * given WARs copied unchanged into its {@code deployments/}, where its deployment scanner finds them. Its HTTP,
 * HTTPS and management listeners take free ports of 127.0.0.1.
 *
 * <p>The library ({@code io.realtime}) logs at its most verbose level into {@code log/server.log} of the base, which
 * the build's token scan reads. Stopped as {@code Ctrl-C} would stop it: the script hands the signal to the server,
 * which suspends, undeploys, and stops ({@link Standalone#close()}).
 */
final class WildFly {

    /** What WildFly logs once it has deployed everything it will: started, or started with errors. */
    private static final Pattern STARTED = Pattern.compile("WFLYSRV002[56]:");

    private WildFly() {}

    /**
     * Starts WildFly from the distribution at {@code home} with a fresh base at {@code work/<name>}.
     *
     * @param wars {@code .war} files, or exploded WAR directories (deployed with a {@code .dodeploy} marker, as
     *     WildFly wants for those), each deployed at its file name's context path
     */
    static Standalone start(Path home, Path work, String name, List<Path> wars) throws IOException {
        Path base = Standalone.fresh(work.resolve(name));
        Standalone.copyTree(home.resolve("standalone/configuration"), base.resolve("configuration"));
        Path deployments = Files.createDirectories(base.resolve("deployments"));
        for (Path war : wars) {
            Path target = deployments.resolve(war.getFileName());
            if (Files.isDirectory(war)) {
                Standalone.copyTree(war, target);
                Files.writeString(deployments.resolve(war.getFileName() + ".dodeploy"), "");
            } else {
                Files.copy(war, target);
            }
        }
        logLibraryVerbosely(base.resolve("configuration/standalone.xml"));
        int http = Standalone.freePort();
        List<String> command = List.of(
                home.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + base,
                "-Djboss.bind.address=127.0.0.1",
                "-Djboss.bind.address.management=127.0.0.1",
                "-Djboss.http.port=" + http,
                "-Djboss.https.port=" + Standalone.freePort(),
                "-Djboss.management.http.port=" + Standalone.freePort(),
                "-Djboss.management.https.port=" + Standalone.freePort());
        Map<String, String> environment = Map.of(
                "JAVA_HOME", Path.of(Standalone.java()).getParent().getParent().toString(),
                // The script then runs the server in the background and hands it the signals it receives.
                "LAUNCH_JBOSS_IN_BACKGROUND", "1",
                "GC_LOG", "false");
        return Standalone.start(
                "standalone WildFly", command, environment, base, work.resolve(name + ".log"), http, STARTED);
    }

    /** The library's records, down to the most verbose, in server.log (the file handler takes every level). */
    private static void logLibraryVerbosely(Path standaloneXml) throws IOException {
        String config = Files.readString(standaloneXml);
        String anchor = "<root-logger>";
        if (config.indexOf(anchor) < 0 || config.indexOf(anchor) != config.lastIndexOf(anchor)) {
            throw new IllegalStateException("Unexpected " + standaloneXml + ": not one <root-logger>");
        }
        Files.writeString(
                standaloneXml,
                config.replace(
                        anchor,
                        "<logger category=\"io.realtime\"><level name=\"ALL\"/></logger>\n            " + anchor));
    }
}
