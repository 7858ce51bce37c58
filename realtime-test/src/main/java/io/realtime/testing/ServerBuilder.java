package io.realtime.testing;

import io.realtime.runtime.RealtimeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What every container kit's server builder accepts: the application (services registered programmatically,
 * or a WAR deployed with annotation scanning), its settings, and the server's shape. Each kit extends it and
 * starts its own container. Not thread-safe.
 *
 * <p>Two ways to deploy: {@link #services(Object...)} registers classes or instances through
 * {@code Realtime.initializer(...)}, as an application on an embedded server would; {@link #war(Path)} deploys
 * an exploded WAR directory or a {@code .war} file with annotation scanning, exactly as a standalone container
 * would, so the runtime in its {@code WEB-INF/lib} finds the endpoints by itself.
 *
 * @param <B> the kit's builder type, returned by the setters
 * @param <S> the kit's server type, returned by {@link #start()}
 */
public abstract class ServerBuilder<B extends ServerBuilder<B, S>, S extends ContainerServer> {

    private final List<Object> services = new ArrayList<>();
    private final List<Path> staticFiles = new ArrayList<>();
    private RealtimeConfig config = RealtimeConfig.defaults();
    private String contextPath = "/";
    private int port;
    private Path war;
    private boolean webSocket = true;
    private final List<String> users = new ArrayList<>();

    /** For the kits' builders. */
    protected ServerBuilder() {}

    /**
     * Registers endpoint classes or instances programmatically.
     *
     * @param values classes (created by the runtime) or instances
     * @return this builder
     */
    public final B services(Object... values) {
        services.addAll(List.of(values));
        return self();
    }

    /**
     * Sets the runtime's settings, for programmatic registration.
     *
     * @param value the settings
     * @return this builder
     */
    public final B config(RealtimeConfig value) {
        config = Objects.requireNonNull(value, "config");
        return self();
    }

    /**
     * Sets the port on 127.0.0.1; default 0, a free port chosen by the system (tests should keep it).
     *
     * @param value 0 to 65535
     * @return this builder
     */
    public final B port(int value) {
        if (value < 0 || value > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535, was " + value);
        }
        port = value;
        return self();
    }

    /**
     * Sets the context path; default {@code /}.
     *
     * @param value such as {@code /app}
     * @return this builder
     */
    public final B contextPath(String value) {
        contextPath = Objects.requireNonNull(value, "contextPath");
        return self();
    }

    /**
     * Whether the server supports WebSocket at all; default {@code true}. Without it, a handshake gets a plain
     * HTTP answer, as behind a proxy that strips {@code Upgrade}, so tests can exercise the fallback.
     * Programmatic deployments only.
     *
     * @param value {@code false} to leave the container's Jakarta WebSocket support out
     * @return this builder
     */
    public final B webSocket(boolean value) {
        webSocket = value;
        return self();
    }

    /**
     * Lets {@link Visitor#login(String)} log in these users, through the container's own authentication (form
     * login, with nothing constrained): the container's {@code Principal} then lives in the cookie session, and
     * every request and WebSocket handshake of that session carries it. Each user's password is the name; for
     * tests only. Programmatic deployments only.
     *
     * @param names the users
     * @return this builder
     */
    public final B users(String... names) {
        users.addAll(List.of(names));
        return self();
    }

    /**
     * Serves the files of a directory at the context root, beside the class path's
     * {@code META-INF/resources}; the directory wins where both have a file. Programmatic deployments only: a
     * WAR carries its own files.
     *
     * @param directory such as the directory of a test's HTML and scripts
     * @return this builder
     * @throws IllegalArgumentException if it is not a directory
     */
    public final B staticFiles(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("Not a directory: " + directory);
        }
        staticFiles.add(directory);
        return self();
    }

    /**
     * Deploys a WAR (a {@code .war} file or an exploded directory) with annotation scanning, instead of
     * programmatic services. The web application's classes are isolated from the test's, as in a standalone
     * container, so {@code topics()} and {@code stats()} see only a runtime loaded from the server's own class
     * path; test such a WAR over HTTP.
     *
     * @param value the WAR
     * @return this builder
     * @throws IllegalArgumentException if nothing is there
     */
    public final B war(Path value) {
        if (!Files.exists(value)) {
            throw new IllegalArgumentException("No WAR at " + value);
        }
        war = value;
        return self();
    }

    /**
     * Starts the server on a free port.
     *
     * @return the running server
     * @throws IllegalStateException if the container or the application failed to start (the cause says
     *     why), or if both a WAR and static files were given
     */
    public abstract S start();

    /**
     * Checks that the options fit together; kits call it first in {@link #start()}.
     *
     * @throws IllegalStateException if a WAR was given with static files, services or users
     */
    protected final void validate() {
        if (war != null && (!staticFiles.isEmpty() || !services.isEmpty() || !users.isEmpty())) {
            throw new IllegalStateException(
                    "A WAR brings its own classes, files and logins; services, static files and users are for"
                            + " programmatic deployments");
        }
    }

    /** {@return the services registered programmatically, in order} */
    protected final List<Object> serviceList() {
        return List.copyOf(services);
    }

    /** {@return the runtime's settings} */
    protected final RealtimeConfig configuration() {
        return config;
    }

    /** {@return the context path} */
    protected final String contextPathValue() {
        return contextPath;
    }

    /** {@return the port, 0 for a free one} */
    protected final int portValue() {
        return port;
    }

    /** {@return the WAR to deploy; empty for a programmatic deployment} */
    protected final Optional<Path> warValue() {
        return Optional.ofNullable(war);
    }

    /** {@return whether the container's WebSocket support is installed} */
    protected final boolean webSocketEnabled() {
        return webSocket;
    }

    /**
     * The users to log in. A kit gives each of them a real login through its container's own authentication
     * (a realm and a form authenticator), which {@link SessionControl} performs with {@code request.login}.
     *
     * @return the users' names, each also the password
     */
    protected final List<String> userList() {
        return List.copyOf(users);
    }

    /** {@return the directories of static files, in order} */
    protected final List<Path> staticFileList() {
        return List.copyOf(staticFiles);
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }
}
