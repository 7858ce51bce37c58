package io.realtime.conformance;

import io.realtime.testing.ContainerServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A WebSocket opening handshake written byte by byte, for the requests no client library sends: malformed
 * {@code %}-escapes, other versions, forwarded addresses. A {@code 101} is closed at once.
 *
 * @param status the status code
 * @param head the status line and the header lines
 * @param body the body of a refusal, empty for {@code 101}
 */
record RawHandshake(int status, List<String> head, String body) {

    /**
     * Sends an upgrade request for {@code target} with the version, a key and the {@code realtime.v1} subprotocol.
     *
     * @param target the context-relative path and query, sent as written
     * @param version the {@code Sec-WebSocket-Version}
     * @param headers more header lines, such as {@code X-Forwarded-For: 192.0.2.1}; a {@code Host} line replaces the
     *     server's own address
     */
    static RawHandshake send(ContainerServer server, String target, String version, String... headers) {
        StringBuilder request = new StringBuilder()
                .append("GET ")
                .append(server.uri().getRawPath().replaceAll("/$", ""))
                .append(target)
                .append(" HTTP/1.1\r\n")
                .append(hostLine(server, headers))
                .append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==")
                .append("\r\nSec-WebSocket-Version: ")
                .append(version)
                .append("\r\nSec-WebSocket-Protocol: realtime.v1\r\n");
        for (String header : headers) {
            if (!isHost(header)) {
                request.append(header).append("\r\n");
            }
        }
        request.append("\r\n");
        try (Socket socket = new Socket("127.0.0.1", server.uri().getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            List<String> head = List.of(readHead(in).split("\r\n"));
            int status = Integer.parseInt(head.get(0).split(" ")[1]);
            String body = "";
            Optional<String> length = header(head, "Content-Length");
            if (status != 101 && length.isPresent()) {
                body = new String(in.readNBytes(Integer.parseInt(length.get())), StandardCharsets.UTF_8);
            }
            return new RawHandshake(status, head, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hostLine(ContainerServer server, String... headers) {
        for (String header : headers) {
            if (isHost(header)) {
                return header;
            }
        }
        return "Host: 127.0.0.1:" + server.uri().getPort();
    }

    private static boolean isHost(String header) {
        return header.toLowerCase(Locale.ROOT).startsWith("host:");
    }

    /** {@return the value of the first header line named {@code name}} */
    Optional<String> header(String name) {
        return header(head, name);
    }

    private static Optional<String> header(List<String> head, String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        return head.stream()
                .skip(1)
                .filter(line -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
                .map(line -> line.substring(prefix.length()).trim())
                .findFirst();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("The connection ended within the response head: " + head);
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - 4);
    }
}
