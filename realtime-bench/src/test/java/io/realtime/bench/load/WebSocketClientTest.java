package io.realtime.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class WebSocketClientTest {

    @Test
    void inflatesCompressedMessagesAndKeepsTheirId() throws Exception {
        try (IoLoop loop = new IoLoop("test")) {
            loop.call(() -> {
                        loop.recorder.window(1, 2);
                        WebSocketClient client = client(loop);
                        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
                        ByteArrayOutputStream wire = new ByteArrayOutputStream();
                        wire.writeBytes(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                                        + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        for (int seq = 1; seq <= 2; seq++) { // the second with the first one's context
                            wire.writeBytes(compressedFrame(
                                    deflater, "{\"id\":\"e:" + seq + "\",\"data\":{\"seq\":" + seq + ",\"sent\":5}}"));
                        }
                        byte[] bytes = wire.toByteArray();
                        client.in.append(bytes, 0, bytes.length);
                        try {
                            client.received(105);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        assertThat(client.deflating()).isTrue();
                        assertThat(loop.recorder.delivered.get()).isEqualTo(2);
                        assertThat(loop.recorder.latencies.max()).isEqualTo(100);
                        assertThat(client.position).isEqualTo("e:2");
                        return null;
                    })
                    .join();
        }
    }

    private static WebSocketClient client(IoLoop loop) {
        Spec spec = new Spec(Transport.WEBSOCKET, Dialect.LIBRARY, -1, null, true, 0);
        Endpoints endpoints = new Endpoints(List.of(new InetSocketAddress("127.0.0.1", 1)));
        return new WebSocketClient(loop, new Group(null, spec, 0, 1), spec, endpoints);
    }

    // RFC 7692 §7.2.1: compress, flush, drop the trailing 00 00 FF FF; a text frame with RSV1 set.
    private static byte[] compressedFrame(Deflater deflater, String text) {
        deflater.setInput(text.getBytes(StandardCharsets.UTF_8));
        byte[] buffer = new byte[1024];
        int n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
        byte[] payload = Arrays.copyOf(buffer, n - 4);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0xC1); // FIN, RSV1, text
        frame.write(payload.length);
        frame.writeBytes(payload);
        return frame.toByteArray();
    }
}
