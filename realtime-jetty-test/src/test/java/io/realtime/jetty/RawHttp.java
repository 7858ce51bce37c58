package io.realtime.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 on a socket, for the request and response examples of docs/protocol.md: requests go out as written,
 * responses are compared as the document shows them.
 */
final class RawHttp {

    /**
     * A raw HTTP response.
     *
     * @param head the status line and header lines
     * @param body the body
     */
    record Exchange(List<String> head, String body) {}

    private RawHttp() {}

    /** Sends a request as written, with CRLF line ends, {@code Host} and {@code Connection: close} added. */
    static Exchange exchange(RealtimeServer on, String request) {
        return exchange(on, request, new byte[0]);
    }

    /** Sends a request's head as written (as {@link #exchange(RealtimeServer, String)} does), then its body. */
    static Exchange exchange(RealtimeServer on, String request, byte[] body) {
        String head = request.strip().replace("\n", "\r\n") + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
        try (Socket socket = new Socket("127.0.0.1", on.uri().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            in.transferTo(received);
            String text = received.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            return new Exchange(List.of(text.substring(0, end).split("\r\n")), text.substring(end + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The status line, the example's headers (each exactly once, as shown) and the body are the example's. */
    static void assertResponse(Exchange actual, String name) {
        String[] parts = ProtocolExamples.get(name).split("\n\n", 2);
        List<String> expected = List.of(parts[0].split("\n"));
        assertThat(actual.head().get(0)).as(name + " status line").isEqualTo(expected.get(0));
        for (String header : expected.subList(1, expected.size())) {
            String field = header.substring(0, header.indexOf(':')).toLowerCase(Locale.ROOT);
            assertThat(actual.head())
                    .as(name + " header " + field)
                    .filteredOn(line -> line.toLowerCase(Locale.ROOT).startsWith(field + ":"))
                    .containsExactly(header);
        }
        assertThat(actual.body()).as(name + " body").isEqualTo(parts.length > 1 ? parts[1].strip() : "");
    }
}
