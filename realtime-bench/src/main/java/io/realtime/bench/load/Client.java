package io.realtime.bench.load;

import io.realtime.bench.Tick;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One client connection, driven by its {@link IoLoop}: connects, writes its requests, reads an HTTP/1.1
 * response head and decodes the body (content length or chunked), and leaves the meaning to the subclass.
 * Every method runs on the loop's thread.
 */
abstract class Client {

    /** Told what becomes of a client. */
    interface Owner {
        /** The client is following the broadcast. */
        void opened(Client client);

        /** The client never opened. */
        void failed(Client client, String reason);

        /** An open client was closed by the server or by an error. */
        void closed(Client client, String reason);

        /**
         * A following client received a tick it had not received before.
         *
         * @param sent when the tick was due, in microseconds since the epoch
         * @param now when it was read
         */
        default void received(Client client, long sent, long now) {}
    }

    private static final byte[] END_OF_HEAD = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = "\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int LENGTH = 0;
    private static final int CHUNK_SIZE = 1;
    private static final int CHUNK_DATA = 2;
    private static final int CHUNK_END = 3;
    private static final int UNTIL_CLOSE = 4;
    private static final int DONE = 5;
    private static final int CHUNK_LAST = 6;

    final IoLoop loop;
    final Owner owner;
    final Spec spec;
    final Dialect dialect;
    final Transport transport;
    final Bytes in = new Bytes(512);
    long lastSeq;
    /** The position to resume from: the last cursor or event id received, or where it started from. */
    String position;
    /** When it began to connect, in microseconds since the epoch. */
    long connectMicros;

    boolean stalled;
    boolean open;
    /** Whether its deliveries count in the window (probes' do not). */
    boolean counted = true;

    private final InetSocketAddress server;
    private final InetSocketAddress local;
    private SocketChannel channel;
    private SelectionKey key;
    private ByteBuffer unwritten;
    boolean closed;

    int status;
    Map<String, String> headers;
    private int bodyState = DONE;
    private boolean inResponse; // a response head was parsed, its body is still coming
    private long bodyRemaining;

    Client(IoLoop loop, Owner owner, Spec spec, Endpoints endpoints) {
        this.loop = loop;
        this.owner = owner;
        this.spec = spec;
        this.dialect = spec.dialect();
        this.transport = spec.transport();
        this.position = spec.position();
        this.server = endpoints.nextServer();
        this.local = endpoints.nextLocal();
    }

    /** The first request, sent once connected. */
    abstract String firstRequest();

    /** New bytes are in {@link #in}; {@code now} is when they were read, in microseconds. */
    abstract void received(long now) throws IOException;

    void start() {
        connectMicros = Tick.nowMicros();
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (spec.receiveBuffer() > 0) {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, spec.receiveBuffer());
            }
            channel.bind(local);
            key = channel.register(loop.selector(), 0, this);
            if (channel.connect(server)) {
                connected();
            } else {
                key.interestOps(SelectionKey.OP_CONNECT);
            }
        } catch (IOException | RuntimeException e) {
            fail("connect: " + e);
        }
    }

    final void ready(SelectionKey ready) {
        try {
            if (!ready.isValid()) {
                return;
            }
            if (ready.isConnectable()) {
                channel.finishConnect();
                connected();
                return;
            }
            if (ready.isWritable()) {
                flush();
            }
            if (ready.isValid() && ready.isReadable()) {
                read();
            }
        } catch (IOException | RuntimeException e) {
            fail(e.toString());
        }
    }

    private void connected() throws IOException {
        key.interestOps(SelectionKey.OP_READ);
        send(firstRequest());
    }

    /** A GET request for {@code target} with the dialect's headers and {@code extra} lines. */
    String get(String target, String extra) {
        return "GET " + target + " HTTP/1.1\r\nHost: " + server.getHostString() + ":" + server.getPort() + "\r\n"
                + dialect.headers(transport, position) + extra + "\r\n";
    }

    void send(String request) throws IOException {
        send(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)));
    }

    void send(ByteBuffer bytes) throws IOException {
        if (unwritten != null) {
            ByteBuffer joined = ByteBuffer.allocate(unwritten.remaining() + bytes.remaining());
            joined.put(unwritten).put(bytes).flip();
            unwritten = joined;
            return;
        }
        channel.write(bytes);
        if (bytes.hasRemaining()) {
            unwritten = bytes;
            key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
        }
    }

    private void flush() throws IOException {
        channel.write(unwritten);
        if (!unwritten.hasRemaining()) {
            unwritten = null;
            key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
        }
    }

    private void read() throws IOException {
        ByteBuffer buffer = loop.readBuffer;
        buffer.clear();
        int n = channel.read(buffer);
        if (n < 0) {
            fail(in.length() == 0 ? "closed by the server" : "closed by the server after: " + in);
            return;
        }
        loop.recorder.wire += n;
        loop.recorder.reads++;
        buffer.flip();
        in.append(buffer);
        received(Tick.nowMicros());
    }

    /** Stops reading, as a client that hangs: the server's writes back up. */
    void stall() {
        stalled = true;
        if (key != null && key.isValid()) {
            key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
        }
    }

    /** Parses the response head when it is complete; the body's framing follows from it. */
    boolean head() throws IOException {
        int end = in.indexOf(END_OF_HEAD, in.start);
        if (end < 0) {
            return false;
        }
        String[] lines = in.ascii(in.start, end).split("\r\n");
        in.start = end + END_OF_HEAD.length;
        String[] statusLine = lines[0].split(" ", 3);
        status = Integer.parseInt(statusLine[1]);
        headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(
                        lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        String length = headers.get("content-length");
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            bodyState = CHUNK_SIZE;
        } else if (length != null) {
            bodyRemaining = Long.parseLong(length);
            bodyState = bodyRemaining == 0 ? DONE : LENGTH;
        } else if (status == 204 || status == 304 || status == 101) {
            bodyState = DONE;
        } else {
            bodyState = UNTIL_CLOSE;
        }
        return true;
    }

    /**
     * Reads responses one after another on a keep-alive connection: whether the next whole response (its head
     * parsed, its body moved to {@code body}) has arrived. Call again after handling one, until it says no.
     */
    boolean response(Bytes body) throws IOException {
        if (!inResponse) {
            if (!head()) {
                return false;
            }
            inResponse = true;
        }
        if (!body(body)) {
            return false;
        }
        inResponse = false;
        return true;
    }

    /**
     * Moves the body bytes received so far from {@link #in} to {@code body}, without the chunk framing.
     *
     * @return {@code true} once the whole body is there
     */
    boolean body(Bytes body) throws IOException {
        while (bodyState != DONE && in.length() > 0) {
            switch (bodyState) {
                case LENGTH, CHUNK_DATA -> {
                    int n = (int) Math.min(bodyRemaining, in.length());
                    body.append(in.data, in.start, in.start + n);
                    in.start += n;
                    bodyRemaining -= n;
                    if (bodyRemaining == 0) {
                        bodyState = bodyState == LENGTH ? DONE : CHUNK_END;
                    }
                }
                case CHUNK_SIZE, CHUNK_END -> {
                    int eol = in.indexOf(CRLF, in.start);
                    if (eol < 0) {
                        return false;
                    }
                    String line = in.ascii(in.start, eol);
                    in.start = eol + CRLF.length;
                    if (bodyState == CHUNK_END) {
                        bodyState = CHUNK_SIZE;
                    } else {
                        int semicolon = line.indexOf(';');
                        bodyRemaining = Long.parseLong(semicolon < 0 ? line : line.substring(0, semicolon), 16);
                        // The last chunk: no trailers are expected, its empty line ends the body.
                        bodyState = bodyRemaining == 0 ? CHUNK_LAST : CHUNK_DATA;
                    }
                }
                case CHUNK_LAST -> {
                    int eol = in.indexOf(CRLF, in.start);
                    if (eol < 0) {
                        return false;
                    }
                    in.start = eol + CRLF.length;
                    bodyState = DONE;
                }
                default -> {
                    body.append(in.data, in.start, in.end);
                    in.start = in.end;
                }
            }
        }
        if (in.length() == 0) {
            in.clear();
        }
        return bodyState == DONE;
    }

    /** Closes the connection, as a client that goes away; nothing is reported. */
    void close() {
        closed = true;
        try {
            if (key != null) {
                key.cancel();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
    }

    void opened() {
        open = true;
        owner.opened(this);
    }

    void fail(String reason) {
        if (closed) {
            return;
        }
        close();
        if (open) {
            owner.closed(this, reason);
        } else {
            owner.failed(this, transport.label() + " " + dialect + ": " + reason);
        }
    }
}
