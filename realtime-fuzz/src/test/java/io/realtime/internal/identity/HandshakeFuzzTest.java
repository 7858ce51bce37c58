package io.realtime.internal.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import jakarta.websocket.server.HandshakeRequest;
import java.net.URI;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a WebSocket handshake presents, read once by the runtime: the tab token from {@code Realtime-Token} or the
 * {@code realtime.token.*} subprotocol, the cookies, and the query string (where {@code lastEventId} travels),
 * percent-decoded by the runtime itself. Any header values and query never make it throw; a token named by the
 * header is the header's, trimmed; every query name read is one the query string held.
 */
class HandshakeFuzzTest {

    private static final List<String> NAMES =
            List.of("Sec-WebSocket-Protocol", "Cookie", "Realtime-Token", "Origin", "X-Forwarded-For", "Forwarded");

    @FuzzTest
    void handshake(FuzzedDataProvider data) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        int count = data.consumeInt(0, 6);
        for (int i = 0; i < count; i++) {
            String name = data.pickValue(NAMES);
            headers.computeIfAbsent(name, n -> new ArrayList<>()).add(data.consumeString(200));
        }
        String query = data.consumeBoolean() ? null : data.consumeRemainingAsString();

        Handshake handshake = Handshake.of(new Request(headers, query));

        String token = handshake.token();
        String header = handshake.headers().get("realtime-token");
        if (header != null && !header.trim().isEmpty()) {
            assertThat(token).isEqualTo(header.trim());
        }
        if (token != null) {
            assertThat(token).isNotEmpty();
        }
        if (!handshake.query().isEmpty()) {
            assertThat(query).isNotNull();
        }
    }

    /** A handshake with the fuzzed headers and query, without a user or a cookie session. */
    private record Request(Map<String, List<String>> headers, String query) implements HandshakeRequest {
        @Override
        public Map<String, List<String>> getHeaders() {
            return headers;
        }

        @Override
        public Principal getUserPrincipal() {
            return null;
        }

        @Override
        public URI getRequestURI() {
            return URI.create("/chat/lobby");
        }

        @Override
        public boolean isUserInRole(String role) {
            return false;
        }

        @Override
        public Object getHttpSession() {
            return null;
        }

        @Override
        public Map<String, List<String>> getParameterMap() {
            return Map.of();
        }

        @Override
        public String getQueryString() {
            return query;
        }
    }
}
