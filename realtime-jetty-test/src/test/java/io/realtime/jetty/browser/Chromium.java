package io.realtime.jetty.browser;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A headless Chromium for a test class, driven through chromedriver:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final Chromium browser = new Chromium();
 * ...
 * Tab tab = browser.open(server.uri("/client.html"));
 * }</pre>
 *
 * <p>Debian's {@code chromium} and {@code chromium-driver} packages provide both programs; the system properties
 * {@code realtime.chromium} and {@code realtime.chromedriver} name others. Without them the tests fail: a browser
 * test that cannot run must not pass. Each class gets a fresh profile, deleted afterwards.
 */
public final class Chromium implements BeforeAllCallback, AfterAllCallback {

    private static final Pattern LISTENING = Pattern.compile("started successfully on port (\\d+)");
    private static final List<String> FLAGS = List.of(
            "--headless",
            "--no-sandbox", // containers run the tests as root, where the sandbox cannot start
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage"); // small /dev/shm in containers

    private final boolean recordsNetwork;
    private final List<String> extraFlags;
    private Process driver;
    private WebDriver webDriver;
    private Path profile;
    private String current;
    private final Deque<String> output = new ArrayDeque<>();

    /** A browser that does not record its network traffic. */
    public Chromium() {
        this(false, List.of());
    }

    private Chromium(boolean recordsNetwork, List<String> extraFlags) {
        this.recordsNetwork = recordsNetwork;
        this.extraFlags = List.copyOf(extraFlags);
    }

    /**
     * A browser started with these command-line flags besides the usual ones, such as {@code
     * --use-fake-device-for-media-stream} for pages that ask for a camera.
     */
    public static Chromium withFlags(String... flags) {
        return new Chromium(false, List.of(flags));
    }

    /**
     * A browser that records the requests and WebSockets of its tabs in its DevTools performance log, for {@link
     * #network()}. The log grows until read: tests that record should read it.
     */
    public static Chromium recordingNetwork() {
        return new Chromium(true, List.of());
    }

    /**
     * The requests and WebSockets the browser started since the last call (of every tab), in order, as its
     * DevTools network domain reported them; needs {@link #recordingNetwork()}.
     */
    public List<NetworkLog.Request> network() {
        if (!recordsNetwork) {
            throw new IllegalStateException("Create the browser with Chromium.recordingNetwork() to read its network");
        }
        return NetworkLog.requests(webDriver.log("performance"));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Path chromium = executable("realtime.chromium", "chromium", "chromium-browser", "google-chrome");
        Path chromedriver = executable("realtime.chromedriver", "chromedriver");
        profile = Files.createTempDirectory("realtime-chromium-");
        driver = new ProcessBuilder(chromedriver.toString(), "--port=0")
                .redirectErrorStream(true)
                .start();
        URI endpoint = URI.create("http://127.0.0.1:" + awaitPort() + "/");
        List<String> arguments = Stream.of(FLAGS, extraFlags, List.of("--user-data-dir=" + profile))
                .flatMap(List::stream)
                .toList();
        webDriver = WebDriver.open(endpoint, Map.of("alwaysMatch", capabilities(chromium, arguments)));
    }

    private Map<String, Object> capabilities(Path chromium, List<String> arguments) {
        Map<String, Object> chrome = Map.of("binary", chromium.toString(), "args", arguments);
        if (!recordsNetwork) {
            return Map.of("browserName", "chrome", "goog:chromeOptions", chrome);
        }
        // chromedriver's performance log: the DevTools Network domain's events, without the Page domain's.
        Map<String, Object> logging = new java.util.HashMap<>(chrome);
        logging.put("perfLoggingPrefs", Map.of("enableNetwork", true, "enablePage", false));
        return Map.of(
                "browserName",
                "chrome",
                "goog:chromeOptions",
                logging,
                "goog:loggingPrefs",
                Map.of("performance", "ALL"));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // The browser is chromedriver's child: remember it, to end it even when the session cannot quit.
        List<ProcessHandle> browser =
                driver == null ? List.of() : driver.descendants().toList();
        try {
            if (webDriver != null) {
                webDriver.quit();
            }
        } finally {
            if (driver != null) {
                driver.destroy();
            }
            browser.forEach(ProcessHandle::destroy);
            Stream.concat(Stream.ofNullable(driver).map(Process::toHandle), browser.stream())
                    .forEach(Chromium::awaitExit);
            if (profile != null) {
                deleteTree(profile);
            }
        }
    }

    /**
     * The directory of the client harness page ({@code client.html}, {@code harness.js}), for {@link
     * io.realtime.jetty.RealtimeServer.Builder#staticFiles(Path)}.
     */
    public static Path harnessPages() {
        try {
            URI page = Chromium.class.getResource("/browser/client.html").toURI();
            if ("file".equals(page.getScheme())) {
                return Path.of(page).getParent();
            }
            // In the test jar, for the tests of another container's kit: a directory of copies, as a server serves.
            Path copies = Files.createTempDirectory("realtime-harness");
            copies.toFile().deleteOnExit(); // last: the JVM deletes in the reverse order
            for (String name : List.of("client.html", "harness.js")) {
                try (java.io.InputStream in = Chromium.class.getResourceAsStream("/browser/" + name)) {
                    Files.copy(in, copies.resolve(name));
                }
                copies.resolve(name).toFile().deleteOnExit();
            }
            return copies;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Opens a page in a new tab (the first in the browser's initial one) and waits until its scripts say
     * {@code window.harness} is ready.
     */
    public Tab open(URI page) {
        return open(page, "typeof window.harness === 'object'");
    }

    /**
     * Opens any page in a new tab (the first in the browser's initial one) and waits until {@code ready}, a
     * script expression, is true there.
     */
    public Tab open(URI page, String ready) {
        String window = current == null ? webDriver.window() : webDriver.newTab();
        Tab tab = new Tab(this, window, page);
        tab.run("return null");
        webDriver.navigate(page);
        tab.await("the page to be ready (" + ready + ")", "return " + ready, value -> value.asBoolean());
        return tab;
    }

    /** The driver, switched to {@code window}. */
    WebDriver on(String window) {
        if (!window.equals(current)) {
            webDriver.switchTo(window);
            current = window;
        }
        return webDriver;
    }

    void closed(String window) {
        if (window.equals(current)) {
            current = null;
        }
    }

    private int awaitPort() {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader lines = new BufferedReader(
                            new InputStreamReader(driver.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = lines.readLine()) != null; ) {
                            remember(line);
                            Matcher matcher = LISTENING.matcher(line);
                            if (matcher.find()) {
                                port.complete(Integer.parseInt(matcher.group(1)));
                            }
                        }
                        port.completeExceptionally(new IllegalStateException("chromedriver exited"));
                    } catch (IOException e) {
                        port.completeExceptionally(e);
                    }
                },
                "chromedriver output");
        reader.setDaemon(true);
        reader.start();
        try {
            return port.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("chromedriver did not start; it said: " + output(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private synchronized void remember(String line) {
        output.addLast(line);
        if (output.size() > 20) {
            output.removeFirst();
        }
    }

    private synchronized String output() {
        return String.join("\n", output);
    }

    private static Path executable(String property, String... names) {
        String configured = System.getProperty(property);
        if (configured != null) {
            Path path = Path.of(configured);
            if (!Files.isExecutable(path)) {
                throw new IllegalStateException("-D" + property + "=" + configured + " is not an executable");
            }
            return path;
        }
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : names) {
                Path path = Path.of(directory, name);
                if (Files.isExecutable(path)) {
                    return path;
                }
            }
        }
        throw new IllegalStateException("Browser tests need " + String.join(" or ", names) + " on the PATH"
                + " (Debian: apt-get install chromium chromium-driver; ./verify installs them as root), or -D"
                + property
                + "=<path>");
    }

    private static void awaitExit(ProcessHandle process) {
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // Best effort: the browser's child processes may still be writing to the profile as it goes.
    private static void deleteTree(Path root) {
        for (int attempt = 0; attempt < 3 && Files.exists(root); attempt++) {
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                // a file vanished while walking: walk again
            }
        }
    }
}
