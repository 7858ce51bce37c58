package io.realtime.chaos;

import io.realtime.testing.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server that closes WebSockets' TCP connections while it streams frames to them, as a node killed or a proxy
 * restarted does: with the JDK's client alone, some of them are never told (one in five or so, on JDK 17 and 25 alike), and would read
 * nothing more while the server has let them go. Every chaos client must learn of it, as a browser does, or the run
 * would count the events it never read as lost by the servers.
 */
class DeafWebSocketTest {

    private static final int CLIENTS = 30;
    private static final long FRAME_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final Duration TOLD_WITHIN = Liveness.SILENCE.plus(Liveness.PING_EVERY.multipliedBy(5));

    private final ExecutorService threads = Executors.newCachedThreadPool(Clients.daemons("deaf-server"));
    private final ExecutorService callbacks = Executors.newFixedThreadPool(4, Clients.daemons("deaf-client"));
    private final ScheduledExecutorService scheduler =
            Executors.newScheduledThreadPool(1, Clients.daemons("deaf-timer"));
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        threads.shutdownNow();
        callbacks.shutdownNow();
        scheduler.shutdownNow();
    }

    @Test
    void everyClientLearnsOfAConnectionTheServerClosedMidStream() throws Exception {
        try (ServerSocket server = new ServerSocket(0, CLIENTS, InetAddress.getLoopbackAddress())) {
            threads.execute(() -> accept(server));
            HttpClient http = HttpClient.newBuilder().executor(callbacks).build();
            URI uri = URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/");
            AtomicInteger reading = new AtomicInteger();
            Set<Integer> told = ConcurrentHashMap.newKeySet();
            Set<Integer> toldByLiveness = ConcurrentHashMap.newKeySet();
            List<WebSocket> sockets = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                sockets.add(http.newWebSocketBuilder()
                        .buildAsync(uri, new Watched(i, reading, told, toldByLiveness))
                        .get(10, TimeUnit.SECONDS));
            }
            Await.until("every client reading", () -> reading.get() == CLIENTS, reading::get);

            for (Socket connection : accepted) {
                connection.close();
            }

            Await.until(
                    "every client told of the close",
                    () -> told.size() == CLIENTS,
                    () -> (CLIENTS - told.size()) + " not told; " + toldByLiveness.size() + " told by their pings",
                    TOLD_WITHIN);
            // How many the JDK client left deaf: shown, not asserted, since a later JDK may fix it.
            System.out.println(
                    toldByLiveness.size() + " of " + CLIENTS + " clients learnt of the close by their pings");
            sockets.forEach(WebSocket::abort);
        }
    }

    /** A client as the chaos suite's: it reads every frame, and is watched by {@link Liveness}. */
    private final class Watched extends Liveness.Watched {
        private final int number;
        private final AtomicInteger reading;
        private final Set<Integer> told;
        private final Set<Integer> toldByLiveness;
        private boolean first = true;

        Watched(int number, AtomicInteger reading, Set<Integer> told, Set<Integer> toldByLiveness) {
            this.number = number;
            this.reading = reading;
            this.told = told;
            this.toldByLiveness = toldByLiveness;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            watch(webSocket, scheduler, () -> true, why -> {
                toldByLiveness.add(number);
                told.add(number);
            });
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            heard();
            if (first) {
                first = false;
                reading.incrementAndGet();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            stopWatching();
            told.add(number);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            stopWatching();
            told.add(number);
        }
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                accepted.add(connection);
                threads.execute(() -> stream(connection));
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** Answers the handshake (RFC 6455 §4.2.2), then sends one small text frame after another until closed. */
    private void stream(Socket connection) {
        try {
            BufferedReader request =
                    new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.ISO_8859_1));
            String key = "";
            for (String line; (line = request.readLine()) != null && !line.isEmpty(); ) {
                if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
                    key = line.substring("sec-websocket-key:".length()).trim();
                }
            }
            OutputStream out = connection.getOutputStream();
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            threads.execute(() -> drain(connection)); // the client's pings are read, as a server reads them
            byte[] payload = "{\"id\":\"e:1\",\"event\":\"message\",\"data\":{}}".getBytes(StandardCharsets.UTF_8);
            byte[] frame = new byte[2 + payload.length];
            frame[0] = (byte) 0x81; // FIN, text
            frame[1] = (byte) payload.length;
            System.arraycopy(payload, 0, frame, 2, payload.length);
            while (!connection.isClosed()) {
                out.write(frame);
                out.flush();
                LockSupport.parkNanos(FRAME_GAP_NANOS); // a steady stream, not a busy loop
            }
        } catch (IOException closed) {
            // The test closed it: the point.
        }
    }

    private static void drain(Socket connection) {
        try {
            connection.getInputStream().transferTo(OutputStream.nullOutputStream());
        } catch (IOException closed) {
            // Closed by the test.
        }
    }

    private static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
