package io.realtime.bench.server;

import io.realtime.bench.Tick;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * The driver's handle on a server, at {@code /control/*}, beside the variant's endpoints:
 * <ul>
 *   <li>{@code POST /control/publish?count=N&rate=R&size=S&rooms=K} publishes {@code N} ticks of about {@code S}
 *       bytes, {@code R} per second ({@code 0}: back to back), to the main topic, or with {@code K > 0} tick
 *       {@code i} to room {@code i mod K}; it answers {@code {"first":..,"last":..}} when the last one is out;
 *   <li>{@code GET /control/stats?gc=true} answers the heap in use, the direct buffers, the process's resident
 *       memory and CPU time, the time its JIT compilers have spent, the live threads, the variant's subscribers and
 *       the last sequence number, after two full collections when asked;
 *   <li>{@code GET /control/ping} answers a few bytes at once: a probe of how quickly the container answers a
 *       plain request.
 * </ul>
 * Publishing runs on the request's thread, one publish request at a time.
 */
final class Control extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Variant variant;
    private long seq;

    Control(Variant variant) {
        this.variant = variant;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/publish".equals(request.getPathInfo())) {
            response.sendError(404);
            return;
        }
        int count = Integer.parseInt(request.getParameter("count"));
        double rate = Double.parseDouble(request.getParameter("rate"));
        int size = Integer.parseInt(request.getParameter("size"));
        String roomsParameter = request.getParameter("rooms");
        int rooms = roomsParameter == null ? 0 : Integer.parseInt(roomsParameter);
        long first;
        long last;
        synchronized (this) {
            first = seq + 1;
            long start = System.nanoTime();
            long startMicros = Tick.nowMicros();
            for (int i = 0; i < count; i++) {
                if (rate > 0) {
                    long offset = (long) (i * 1e9 / rate);
                    long due = start + offset;
                    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                    // Stamped when due, not when sent: a publish that blocked delays the ticks behind it, and
                    // their latency must show it (no coordinated omission).
                    variant.publish(topic(i, rooms), Tick.at(++seq, startMicros + offset / 1_000, size));
                } else {
                    variant.publish(topic(i, rooms), Tick.now(++seq, size));
                }
            }
            last = seq;
        }
        json(response, "{\"first\":" + first + ",\"last\":" + last + "}");
    }

    private static String topic(int i, int rooms) {
        return rooms > 0 ? Rooms.room(i % rooms) : Rooms.MAIN;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if ("/ping".equals(request.getPathInfo())) {
            json(response, "{}");
            return;
        }
        if (!"/stats".equals(request.getPathInfo())) {
            response.sendError(404);
            return;
        }
        if (Boolean.parseBoolean(request.getParameter("gc"))) {
            collect();
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct"))
                .mapToLong(BufferPoolMXBean::getMemoryUsed)
                .sum();
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        long last;
        synchronized (this) {
            last = seq;
        }
        json(
                response,
                "{\"heap\":" + heap + ",\"direct\":" + direct + ",\"rss\":" + residentBytes() + ",\"cpu\":"
                        + cpuNanos() + ",\"jit\":" + jitMillis() + ",\"threads\":" + threads + ",\"subscribers\":"
                        + variant.subscribers()
                        + ",\"seq\":" + last + "}");
    }

    /** The process's CPU time (every thread, user and system), in nanoseconds. */
    static long cpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : -1;
    }

    /** The time the JIT compilers have spent compiling so far, in milliseconds, or -1 where it is not told. */
    static long jitMillis() {
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    /**
     * The process's resident memory, from {@code /proc/self/status} (0 where there is none): it counts what the
     * heap and direct buffers do not, such as the native memory of permessage-deflate's compressors.
     */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return 0;
    }

    // Two full collections with a pause between, so that objects freed by finalisation-like cleanup (direct
    // buffers' cleaners, references cleared by the first collection) are gone in the second.
    private static void collect() {
        for (int i = 0; i < 2; i++) {
            System.gc();
            LockSupport.parkNanos(100_000_000L);
        }
    }

    private static void json(HttpServletResponse response, String body) throws IOException {
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
