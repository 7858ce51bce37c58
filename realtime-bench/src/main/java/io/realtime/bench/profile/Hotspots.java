package io.realtime.bench.profile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a server's CPU time went, from a flight recording ({@code BENCH_PROFILE}): the execution samples counted
 * by the method on top of the stack (self), and by every method on the stack (total), the heaviest first, with the
 * share of all samples. Only samples of threads that ran some code of the given package prefixes count in the
 * "of which" lines, so that the variant's own code can be told apart from the container's.
 *
 * <pre>
 * java -cp realtime-bench/target/classes io.realtime.bench.profile.Hotspots [--top N] [--prefix P]... recording.jfr...
 * </pre>
 *
 * Several recordings (the runs of one variant) are read as one.
 */
public final class Hotspots {

    private Hotspots() {}

    /**
     * Prints the hot methods of a recording.
     *
     * @param args {@code --top N} (how many methods to list, 30), {@code --prefix P} (package prefixes whose
     *     samples to count, repeatable), then the recordings
     * @throws IOException if a recording cannot be read
     */
    public static void main(String[] args) throws IOException {
        int top = 30;
        List<String> prefixes = new ArrayList<>();
        List<Path> recordings = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--top" -> top = Integer.parseInt(args[++i]);
                case "--prefix" -> prefixes.add(args[++i]);
                default -> recordings.add(Path.of(args[i]));
            }
        }
        if (recordings.isEmpty()) {
            System.err.println("usage: Hotspots [--top N] [--prefix P]... recording.jfr...");
            System.exit(2);
        }
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        Map<String, Integer> byPrefix = new HashMap<>();
        int samples = 0;
        List<RecordedEvent> events = new ArrayList<>();
        for (Path recording : recordings) {
            events.addAll(RecordingFile.readAllEvents(recording));
        }
        for (RecordedEvent event : events) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = stack.getFrames();
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
        }
        System.out.printf(Locale.ROOT, "%d execution samples%n", samples);
        for (String prefix : prefixes) {
            print("with " + prefix + " on the stack", byPrefix.getOrDefault(prefix, 0), samples);
        }
        System.out.println("\nself (top of stack):");
        list(self, top, samples);
        System.out.println("\ntotal (anywhere on the stack):");
        list(total, top, samples);
    }

    private static void list(Map<String, Integer> counts, int top, int samples) {
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .forEach(entry -> print(entry.getKey(), entry.getValue(), samples));
    }

    private static void print(String what, int count, int samples) {
        System.out.printf(Locale.ROOT, "%7d %5.1f%%  %s%n", count, 100.0 * count / Math.max(1, samples), what);
    }

    private static String name(RecordedMethod method) {
        return method.getType().getName() + "." + method.getName();
    }
}
