package io.realtime.jetty.browser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * What the browser itself reports of its network traffic: the requests and WebSockets in chromedriver's
 * performance log (the DevTools events {@code Network.requestWillBeSent} and {@code Network.webSocketCreated}).
 * It sees every connection a page's scripts open, whatever API opened it.
 */
public final class NetworkLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private NetworkLog() {}

    /** What a request is for, as far as realtime.js's transports go. */
    public enum Kind {
        /** A WebSocket handshake. */
        WEBSOCKET,
        /** A request that asks for an event stream ({@code Accept: text/event-stream}). */
        EVENT_STREAM,
        /** A long-poll ({@code transport=poll} in the query). */
        POLL,
        /** Anything else: pages, scripts, negotiations, uplink and control {@code POST}s. */
        OTHER
    }

    /** One request or WebSocket the browser started. */
    public record Request(Kind kind, String method, URI url) {

        /** @return whether it holds a connection open to receive: a WebSocket, an event stream or a poll */
        public boolean receives() {
            return kind != Kind.OTHER;
        }
    }

    static List<Request> requests(JsonNode entries) {
        List<Request> requests = new ArrayList<>();
        for (JsonNode entry : entries) {
            JsonNode event = parse(entry.path("message").asText()).path("message");
            JsonNode params = event.path("params");
            switch (event.path("method").asText()) {
                case "Network.webSocketCreated" ->
                    requests.add(new Request(
                            Kind.WEBSOCKET, "GET", URI.create(params.path("url").asText())));
                case "Network.requestWillBeSent" -> requests.add(request(params.path("request")));
                default -> {
                    // responses, data, the rest of a request's life: not a new request
                }
            }
        }
        return requests;
    }

    private static Request request(JsonNode request) {
        URI url = URI.create(request.path("url").asText());
        String accept = "";
        for (var header : (Iterable<java.util.Map.Entry<String, JsonNode>>) request.path("headers")::fields) {
            if (header.getKey().equalsIgnoreCase("Accept")) {
                accept = header.getValue().asText();
            }
        }
        Kind kind = accept.contains("text/event-stream")
                ? Kind.EVENT_STREAM
                : (url.getQuery() != null && url.getQuery().contains("transport=poll") ? Kind.POLL : Kind.OTHER);
        return new Request(kind, request.path("method").asText(), url);
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable performance log entry: " + text, e);
        }
    }
}
