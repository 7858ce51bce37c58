package io.realtime.bench.profile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a server's CPU time went, from flight recordings ({@code BENCH_PROFILE}): the execution samples counted
 * by the method on top of the stack (self) and by every method on the stack (total), the heaviest first, with the
 * share of all samples. Several recordings (the runs of one variant) are read as one.
 *
 * <pre>
 * java -cp realtime-bench/target/classes io.realtime.bench.profile.Hotspots [--top N] [--prefix P]... [--focus F]
 *     [--callees M] [--callers M] [--busiest S] recording.jfr...
 * </pre>
 *
 * {@code --prefix} counts the samples with some method of package {@code P} on the stack; {@code --focus} lists
 * only the methods whose names start with {@code F} (such as {@code io.realtime.internal}); {@code --callees M}
 * adds where the samples under method {@code M} (class and method name) went, by the method it called, and
 * {@code --callers M} where they came from, by the method that called it. {@code --busiest S} counts, of each
 * recording, only the samples of the {@code S} seconds that have the most, such as a burst without the server's
 * start and warm-up (sample often enough for it: {@code BENCH_PROFILE_PERIOD=1ms}).
 */
public final class Hotspots {

    private final List<String> prefixes = new ArrayList<>();
    private final Map<String, Integer> self = new HashMap<>();
    private final Map<String, Integer> total = new HashMap<>();
    private final Map<String, Integer> byPrefix = new HashMap<>();
    private final Map<String, Integer> callees = new HashMap<>();
    private final Map<String, Integer> callers = new HashMap<>();
    private int top = 30;
    private String focus = "";
    private String under;
    private String over;
    private int samples;
    private double busiest;

    private Hotspots() {}

    /**
     * Prints the hot methods of recordings.
     *
     * @param args the options above, then the recordings
     * @throws IOException if a recording cannot be read
     */
    public static void main(String[] args) throws IOException {
        Hotspots hotspots = new Hotspots();
        List<Path> recordings = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--top" -> hotspots.top = Integer.parseInt(args[++i]);
                case "--prefix" -> hotspots.prefixes.add(args[++i]);
                case "--focus" -> hotspots.focus = args[++i];
                case "--callees" -> hotspots.under = args[++i];
                case "--callers" -> hotspots.over = args[++i];
                case "--busiest" -> hotspots.busiest = Double.parseDouble(args[++i]);
                default -> recordings.add(Path.of(args[i]));
            }
        }
        if (recordings.isEmpty()) {
            System.err.println(
                    "usage: Hotspots [--top N] [--prefix P]... [--focus F] [--callees M] [--callers M] [--busiest S]"
                            + " recording.jfr...");
            System.exit(2);
        }
        for (Path recording : recordings) {
            List<RecordedEvent> events = new ArrayList<>();
            for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
                if (event.getEventType().getName().equals("jdk.ExecutionSample")
                        && event.getStackTrace() != null
                        && !event.getStackTrace().getFrames().isEmpty()) {
                    events.add(event);
                }
            }
            for (RecordedEvent event : hotspots.window(events)) {
                hotspots.count(event.getStackTrace().getFrames());
            }
        }
        hotspots.print();
    }

    /** @return the samples of the {@code --busiest} window, or all of them */
    private List<RecordedEvent> window(List<RecordedEvent> events) {
        if (busiest <= 0 || events.isEmpty()) {
            return events;
        }
        events.sort(Comparator.comparing(RecordedEvent::getStartTime));
        long span = (long) (busiest * 1e9);
        int bestFrom = 0;
        int bestTo = 0;
        for (int from = 0, to = 0; from < events.size(); from++) {
            Instant end = events.get(from).getStartTime().plusNanos(span);
            while (to < events.size() && events.get(to).getStartTime().isBefore(end)) {
                to++;
            }
            if (to - from > bestTo - bestFrom) {
                bestFrom = from;
                bestTo = to;
            }
        }
        return events.subList(bestFrom, bestTo);
    }

    private void count(List<RecordedFrame> frames) {
        samples++;
        self.merge(name(frames.get(0).getMethod()), 1, Integer::sum);
        Set<String> seen = new HashSet<>();
        Set<String> prefixesSeen = new HashSet<>();
        for (RecordedFrame frame : frames) {
            String name = name(frame.getMethod());
            if (seen.add(name)) {
                total.merge(name, 1, Integer::sum);
            }
            for (String prefix : prefixes) {
                if (name.startsWith(prefix) && prefixesSeen.add(prefix)) {
                    byPrefix.merge(prefix, 1, Integer::sum);
                }
            }
        }
        for (int depth = 0; depth < frames.size(); depth++) { // the innermost call of a recursion counts
            if (name(frames.get(depth).getMethod()).equals(over)) {
                callers.merge(
                        depth == frames.size() - 1
                                ? "(thread start)"
                                : name(frames.get(depth + 1).getMethod()),
                        1,
                        Integer::sum);
                break;
            }
        }
        for (int depth = frames.size() - 1; depth >= 0; depth--) { // the outermost call of a recursion counts
            if (name(frames.get(depth).getMethod()).equals(under)) {
                callees.merge(
                        depth == 0 ? "(itself)" : name(frames.get(depth - 1).getMethod()), 1, Integer::sum);
                break;
            }
        }
    }

    private void print() {
        System.out.printf(Locale.ROOT, "%d execution samples%n", samples);
        for (String prefix : prefixes) {
            line("with " + prefix + " on the stack", byPrefix.getOrDefault(prefix, 0));
        }
        System.out.println("\nself (top of stack):");
        list(self, focus);
        System.out.println("\ntotal (anywhere on the stack):");
        list(total, focus);
        if (under != null) {
            System.out.println("\ncalled by " + under + ":");
            list(callees, "");
        }
        if (over != null) {
            System.out.println("\ncalling " + over + ":");
            list(callers, "");
        }
    }

    private void list(Map<String, Integer> counts, String start) {
        counts.entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(start))
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .forEach(entry -> line(entry.getKey(), entry.getValue()));
    }

    private void line(String what, int count) {
        System.out.printf(Locale.ROOT, "%7d %5.1f%%  %s%n", count, 100.0 * count / Math.max(1, samples), what);
    }

    private static String name(RecordedMethod method) {
        return method.getType().getName() + "." + method.getName();
    }
}
