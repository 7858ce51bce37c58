package io.realtime.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A WebSocket client reduced to bytes on a socket, for what the JDK client cannot do: leave pings unanswered
 * and read exactly the frames the server sent (RFC 6455 §5.2), close frame included, or stop reading altogether.
 *
 * <p>Threading: one thread at a time. Reads block for at most 10 s, then throw.
 */
public final class RawWebSocket implements AutoCloseable {

    /**
     * A frame as sent by the server (never masked).
     *
     * @param opcode the frame's opcode (RFC 6455 §5.2)
     * @param payload the frame's payload
     */
    public record Frame(int opcode, byte[] payload) {
        /** {@return a close frame's status code, {@code 1005} when it carries none} */
        public int closeCode() {
            return payload.length >= 2 ? (payload[0] & 0xff) << 8 | (payload[1] & 0xff) : 1005;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private String response;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
    }

    /**
     * Opens a WebSocket with the realtime subprotocol.
     *
     * @param uri the server's {@code ws://} URI
     * @return the open socket
     * @throws IOException when the server refuses the upgrade or cannot be reached
     */
    public static RawWebSocket connect(URI uri) throws IOException {
        String request = "GET " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(new byte[16]) + "\r\nSec-WebSocket-Protocol: realtime.v1\r\n\r\n";
        return open(uri, request);
    }

    /**
     * Sends a handshake as a docs/protocol.md example writes it, with CRLF line ends and {@code Host} added.
     *
     * @param uri the server's {@code ws://} URI; its host and port are used
     * @param example the request's lines, without {@code Host}
     * @return the open socket
     * @throws IOException when the server refuses the upgrade or cannot be reached
     */
    public static RawWebSocket handshake(URI uri, String example) throws IOException {
        return open(uri, example.strip().replace("\n", "\r\n") + "\r\nHost: 127.0.0.1\r\n\r\n");
    }

    private static RawWebSocket open(URI uri, String request) throws IOException {
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        RawWebSocket raw = new RawWebSocket(socket);
        raw.response = raw.headers();
        if (!raw.response.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("Upgrade refused: " + raw.response);
        }
        return raw;
    }

    /** {@return the server's answer to the handshake: status line and headers} */
    public String response() {
        return response;
    }

    private String headers() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            head.write(in.readUnsignedByte());
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /**
     * Reads the next frame, blocking up to 10 s.
     *
     * @return the frame
     * @throws IOException when none comes in time, or the connection ends
     */
    public Frame next() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(first & 0x0f, payload);
    }

    /**
     * Sends an empty ping, masked as a client must (RFC 6455 §5.3), without reading anything.
     *
     * @return whether the socket took it: {@code false} once the server has torn the connection down
     */
    public boolean ping() {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {(byte) 0x89, (byte) 0x80, 0, 0, 0, 0});
            out.flush();
            return true;
        } catch (IOException reset) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
