package io.realtime.jetty.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The few commands of the W3C WebDriver protocol the browser tests need (W3C WebDriver, sections 8 to 13):
 * a session, windows, navigation and scripts. One session; not thread-safe.
 */
final class WebDriver {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI session;

    private WebDriver(URI session) {
        this.session = session;
    }

    /** Opens a session on a running driver with these capabilities. */
    static WebDriver open(URI driver, Map<String, Object> capabilities) {
        HttpClient client = HttpClient.newHttpClient();
        JsonNode created = call(client, "POST", driver.resolve("/session"), Map.of("capabilities", capabilities));
        return new WebDriver(
                driver.resolve("/session/" + created.get("sessionId").asText()));
    }

    /** @return the handle of the window commands go to */
    String window() {
        return command("GET", "/window", null).asText();
    }

    /** Opens a new tab and returns its handle; commands still go to the current window. */
    String newTab() {
        return command("POST", "/window/new", Map.of("type", "tab"))
                .get("handle")
                .asText();
    }

    void switchTo(String window) {
        command("POST", "/window", Map.of("handle", window));
    }

    /** Closes the current window; switch to another before the next command. */
    void closeWindow() {
        command("DELETE", "/window", null);
    }

    void navigate(URI url) {
        command("POST", "/url", Map.of("url", url.toString()));
    }

    /** Runs a script's body in the current window: {@code return ...} gives a JSON value back. */
    JsonNode execute(String script, Object... arguments) {
        return command("POST", "/execute/sync", Map.of("script", script, "args", List.of(arguments)));
    }

    /** Sets the current window's size in CSS pixels. */
    void resize(int width, int height) {
        command("POST", "/window/rect", Map.of("width", width, "height", height));
    }

    /** @return a PNG of the current window's viewport */
    byte[] screenshot() {
        return java.util.Base64.getDecoder()
                .decode(command("GET", "/screenshot", null).asText());
    }

    /**
     * Takes the entries a browser log gathered since the last call (chromedriver's {@code /se/log}, outside the W3C
     * protocol): for {@code performance}, DevTools events as JSON strings in each entry's {@code message}.
     */
    JsonNode log(String type) {
        return command("POST", "/se/log", Map.of("type", type));
    }

    /** Ends the session: the driver closes the browser. */
    void quit() {
        command("DELETE", "", null);
    }

    private JsonNode command(String method, String path, Object body) {
        return call(client, method, URI.create(session + path), body);
    }

    private static JsonNode call(HttpClient client, String method, URI uri, Object body) {
        try {
            HttpRequest.BodyPublisher publisher = body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json; charset=utf-8")
                    .method(method, publisher)
                    .build();
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode value = JSON.readTree(response.body()).path("value");
            if (response.statusCode() != 200) {
                throw new IllegalStateException("WebDriver " + method + " " + uri.getPath() + " failed ("
                        + response.statusCode() + "): " + value.path("error").asText() + ": "
                        + value.path("message").asText());
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("WebDriver " + method + " " + uri.getPath() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
