package io.realtime.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A WebSocket client (RFC 6455): the upgrade, then frames. Text messages are scanned for ticks (and for their
 * {@code "id"} where the dialect resumes), pings answered with pongs, a close frame ends the client. It offers
 * permessage-deflate (RFC 7692) when asked to, and inflates the messages the server compressed.
 */
final class WebSocketClient extends Client {

    private static final String UPGRADE = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    private static final String DEFLATE = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n";
    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF}; // RFC 7692 §7.2.2
    private static final byte[] ID = "\"id\":\"".getBytes(StandardCharsets.US_ASCII);

    private final Bytes message = new Bytes(64);
    private final boolean resumes;
    private boolean upgraded;
    private Inflater inflater; // when the server accepted permessage-deflate, until closed
    private boolean deflating;
    private boolean resetInflater; // server_no_context_takeover
    private boolean compressed; // the message being received

    WebSocketClient(IoLoop loop, Owner owner, Spec spec, Endpoints endpoints) {
        super(loop, owner, spec, endpoints);
        this.resumes = dialect.resumes(Transport.WEBSOCKET);
    }

    /** Whether the server accepted permessage-deflate. */
    boolean deflating() {
        return deflating;
    }

    @Override
    String firstRequest() {
        return get(dialect.target(transport, spec.room(), position), UPGRADE + (spec.deflate() ? DEFLATE : ""));
    }

    @Override
    void received(long now) throws IOException {
        if (!upgraded) {
            if (!head()) {
                return;
            }
            if (status != 101) {
                fail("HTTP " + status + " instead of an upgrade");
                return;
            }
            String extensions = headers.getOrDefault("sec-websocket-extensions", "");
            if (extensions.contains("permessage-deflate")) {
                inflater = new Inflater(true);
                deflating = true;
                resetInflater = extensions.contains("server_no_context_takeover");
            }
            upgraded = true;
            opened();
        }
        while (frame(now)) {
            // one frame at a time
        }
        if (in.length() == 0) {
            in.clear();
        }
    }

    private boolean frame(long now) throws IOException {
        if (in.length() < 2) {
            return false;
        }
        byte[] data = in.data;
        int at = in.start;
        boolean fin = (data[at] & 0x80) != 0;
        boolean rsv1 = (data[at] & 0x40) != 0;
        int opcode = data[at] & 0x0F;
        boolean masked = (data[at + 1] & 0x80) != 0;
        long length = data[at + 1] & 0x7F;
        int header = 2;
        if (length == 126) {
            if (in.length() < 4) {
                return false;
            }
            length = ((data[at + 2] & 0xFF) << 8) | (data[at + 3] & 0xFF);
            header = 4;
        } else if (length == 127) {
            if (in.length() < 10) {
                return false;
            }
            length = 0;
            for (int i = 2; i < 10; i++) {
                length = (length << 8) | (data[at + i] & 0xFF);
            }
            header = 10;
        }
        if (masked) {
            fail("the server masked a frame");
            return false;
        }
        if (in.length() < header + length) {
            return false;
        }
        int payload = at + header;
        int end = (int) (payload + length);
        switch (opcode) {
            case 0x0, 0x1, 0x2 -> {
                if (opcode != 0x0) {
                    compressed = rsv1;
                }
                if (fin && message.length() == 0 && !compressed) {
                    text(data, payload, end, now);
                } else {
                    message.append(data, payload, end);
                    if (fin) {
                        whole(now);
                    }
                }
            }
            case 0x9 -> pong(data, payload, end);
            case 0x8 -> {
                int code = length >= 2 ? ((data[payload] & 0xFF) << 8) | (data[payload + 1] & 0xFF) : 1005;
                fail("closed by the server with " + code);
                return false;
            }
            default -> {
                // a pong: nothing to do
            }
        }
        in.start = end;
        return true;
    }

    /** A whole message assembled from fragments, or compressed: inflated if need be, then scanned. */
    private void whole(long now) throws IOException {
        if (!compressed) {
            text(message.data, message.start, message.end, now);
            message.clear();
            return;
        }
        if (inflater == null) {
            fail("a compressed message without permessage-deflate");
            return;
        }
        message.append(TAIL, 0, TAIL.length);
        Bytes out = loop.inflated;
        out.clear();
        inflater.setInput(message.data, message.start, message.length());
        try {
            while (true) {
                out.reserve(4096);
                int n = inflater.inflate(out.data, out.end, out.data.length - out.end);
                out.end += n;
                if (n == 0) {
                    break; // there was room: it needs more input, and the message is whole
                }
            }
        } catch (DataFormatException e) {
            fail("a message that does not inflate: " + e.getMessage());
            return;
        }
        if (resetInflater) {
            inflater.reset();
        }
        message.clear();
        text(out.data, out.start, out.end, now);
    }

    private void text(byte[] data, int from, int to, long now) {
        loop.recorder.scan(this, data, from, to, now);
        if (resumes) {
            int at = Bytes.indexOf(data, ID, from, Math.min(to, from + 64));
            if (at >= 0) {
                int start = at + ID.length;
                int end = start;
                while (end < to && data[end] != '"') {
                    end++;
                }
                position = new String(data, start, end - start, StandardCharsets.US_ASCII);
            }
        }
    }

    // Client frames are masked (RFC 6455 §5.3); a zero key leaves the payload as it is.
    private void pong(byte[] data, int from, int to) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(6 + to - from);
        frame.put((byte) 0x8A)
                .put((byte) (0x80 | (to - from)))
                .putInt(0)
                .put(data, from, to - from)
                .flip();
        send(frame);
    }

    @Override
    void close() {
        super.close();
        if (inflater != null) {
            inflater.end();
            inflater = null;
        }
    }
}
