package io.realtime.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A WebSocket client (RFC 6455) without extensions: the upgrade, then frames. Text messages are scanned for
 * ticks, pings answered with pongs, a close frame ends the client.
 */
final class WebSocketClient extends Client {

    private static final String UPGRADE = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

    private final Bytes message = new Bytes(64);
    private boolean upgraded;

    WebSocketClient(IoLoop loop, Owner owner, Dialect dialect, Endpoints endpoints, int receiveBuffer) {
        super(loop, owner, dialect, Transport.WEBSOCKET, endpoints, receiveBuffer);
    }

    @Override
    String firstRequest() {
        return get(dialect.target(transport), UPGRADE);
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
                if (fin && message.length() == 0) {
                    loop.recorder.scan(this, data, payload, end, now);
                } else {
                    message.append(data, payload, end);
                    if (fin) {
                        loop.recorder.scan(this, message.data, message.start, message.end, now);
                        message.clear();
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
}
