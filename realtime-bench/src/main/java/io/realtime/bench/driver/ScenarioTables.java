package io.realtime.bench.driver;

import io.realtime.bench.load.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The tables of the scenarios beyond the ladder and the burst: sustained rates, message sizes, many topics, the
 * reconnect storm, the first event, permessage-deflate, and two nodes sharing topics through Redis.
 */
final class ScenarioTables {

    private final Results results;
    private final Lookup cells;
    private final Plan plan;

    ScenarioTables(Results results, Lookup cells) {
        this.results = results;
        this.cells = cells;
        this.plan = results.plan();
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("## Sustained rates\n\n")
                .append(Cells.count(plan.sweep().clients()))
                .append(" subscribers; each rate (broadcasts per second) for at least ")
                .append(plan.sweep().broadcasts())
                .append(" broadcasts; a rate is sustained when nothing is lost and p99 stays within ")
                .append(plan.p95Bound().toMillis())
                .append(" ms. Cells: p99 ms / server µs per delivery.\n\n")
                .append(sweep())
                .append('\n');
        out.append("## Message sizes\n\nA burst to ")
                .append(Cells.count(plan.sizes().clients()))
                .append(" subscribers per size, about ")
                .append(plan.sizes().bytesPerClient() / 1024)
                .append(" KiB to each. Cells: deliveries/s (MB/s of payload) / server µs per delivery.\n\n")
                .append(perTransport(this::sizes, sizesHead()))
                .append('\n');
        Plan.RoomPlan rooms = plan.rooms();
        out.append("## Many topics\n\n")
                .append(Cells.count(rooms.rooms()))
                .append(" topics of ")
                .append(rooms.members())
                .append(" subscribers: ")
                .append(rooms.ticks())
                .append(" ticks at ")
                .append(Cells.fmt(rooms.rate(), 0))
                .append(" per second spread over the topics, then the same back to back.\n\n")
                .append(perTransport(
                        this::rooms,
                        "| p50 / p99 ms | µs per delivery: server / generator"
                                + " | burst, deliveries/s | burst, server µs per delivery |"))
                .append('\n');
        Plan.Storm storm = plan.storm();
        out.append("## Reconnect storm\n\n")
                .append(Cells.count(storm.clients()))
                .append(" clients leave at once, ")
                .append(storm.missed())
                .append(" or more ticks are published, and all come back at once (")
                .append(storm.connecting())
                .append(" connecting at a time), each resuming from its position: the time until every one has every"
                        + " tick it missed, and meanwhile the answer time of a plain request to the same server."
                        + " Variants that cannot resume over a transport are not measured (–).\n\n")
                .append(perTransport(
                        this::storm,
                        "| seconds until all are current | plain request p50 / p99 ms" + " | server µs per delivery |"))
                .append('\n');
        out.append("## First event under load\n\n")
                .append(plan.first().probes())
                .append(" new clients, ")
                .append(plan.first().concurrency())
                .append(" at a time, while ")
                .append(Cells.count(plan.first().background()))
                .append(" subscribers receive broadcasts: connect to open, and to the first tick (from the later of the"
                        + " connect and the tick's publish).\n\n")
                .append(perTransport(this::first, "| open p50 / p99 ms | first tick p50 / p99 ms |"))
                .append('\n');
        out.append("## permessage-deflate (WebSocket)\n\n")
                .append(Cells.count(plan.deflate().clients()))
                .append(" WebSocket clients without, then with permessage-deflate offered: memory per idle connection"
                        + " (resident memory counts the compressors' native memory, which heap and direct buffers"
                        + " do not), and a burst of ")
                .append(plan.deflate().ticks())
                .append(" ticks. Cells: off / on.\n\n")
                .append(deflate())
                .append('\n');
        out.append("## Two nodes and Redis (the library)\n\n"
                        + "The library on two server JVMs sharing topics through a Redis backplane, clients split between"
                        + " them, ticks published on the first; beside the library on one node in the same runs. CPU"
                        + " time counts both nodes and Redis.\n\n")
                .append(twoNodes())
                .append('\n');
        out.append("‡ marks a figure measured while the load generator was saturated in some run (its busiest I/O"
                + " thread at 90% of a core or more, or running 50 ms late): it may be the generator's, not the"
                + " server's.\n\n");
        return out.toString();
    }

    private String perTransport(Row row, String head) {
        StringBuilder out = new StringBuilder("| container | transport | variant " + head + "\n|---|---|---");
        out.append("|---".repeat((int) head.chars().filter(c -> c == '|').count() - 1))
                .append("|\n");
        for (String container : results.options().containers()) {
            for (Transport transport : results.options().transports()) {
                for (String variant : results.options().variants()) {
                    String cellsOfRow = row.cells(container, transport.label(), variant);
                    if (cellsOfRow != null) {
                        out.append("| ")
                                .append(Cells.title(container))
                                .append(" | ")
                                .append(transport.label())
                                .append(" | ")
                                .append(Cells.variant(variant))
                                .append(" | ")
                                .append(cellsOfRow)
                                .append(" |\n");
                    }
                }
            }
        }
        return out.toString();
    }

    /** The cells of one row after container, transport and variant, or {@code null} to leave the row out. */
    private interface Row {
        String cells(String container, String transport, String variant);
    }

    private String sweep() {
        List<Integer> rates = plan.sweep().rates();
        StringBuilder head = new StringBuilder("|");
        rates.forEach(rate -> head.append(' ').append(rate).append("/s |"));
        head.append(" highest sustained, deliveries/s |");
        return perTransport(
                (container, transport, variant) -> variant.equals("redis")
                        ? null
                        : join(
                                        rates,
                                        rate -> cells.median(container, transport, variant, "sweep.p99@" + rate, 1)
                                                + " / "
                                                + cells.median(container, transport, variant, "sweep.cpu@" + rate, 2))
                                + " | " + cells.spread(container, transport, variant, "sweep.sustained", 0),
                head.toString());
    }

    private String sizesHead() {
        StringBuilder head = new StringBuilder("|");
        plan.sizes()
                .sizes()
                .forEach(size -> head.append(' ').append(Cells.bytes(size)).append(" |"));
        return head.toString();
    }

    private String sizes(String container, String transport, String variant) {
        if (variant.equals("redis")) {
            return null;
        }
        return join(
                plan.sizes().sizes(),
                size -> cells.median(container, transport, variant, "size.dps@" + size, 0)
                        + " (" + cells.median(container, transport, variant, "size.mbps@" + size, 1) + ") / "
                        + cells.median(container, transport, variant, "size.cpu@" + size, 2));
    }

    private String rooms(String container, String transport, String variant) {
        return cells.median(container, transport, variant, "rooms.p50", 1) + " / "
                + cells.spread(container, transport, variant, "rooms.p99", 1) + " | "
                + cells.spread(container, transport, variant, "rooms.cpu", 2) + " / "
                + cells.median(container, transport, variant, "rooms.loadcpu", 2) + " | "
                + cells.spread(container, transport, variant, "roomburst.dps", 0) + " | "
                + cells.median(container, transport, variant, "roomburst.cpu", 2);
    }

    private String storm(String container, String transport, String variant) {
        if (variant.equals("redis")) {
            return null;
        }
        return cells.spread(container, transport, variant, "storm.seconds", 2) + " | "
                + cells.median(container, transport, variant, "storm.ping.p50", 1) + " / "
                + cells.spread(container, transport, variant, "storm.ping.p99", 1) + " | "
                + cells.median(container, transport, variant, "storm.cpu", 2);
    }

    private String first(String container, String transport, String variant) {
        if (variant.equals("redis")) {
            return null;
        }
        return cells.median(container, transport, variant, "first.open.p50", 1) + " / "
                + cells.spread(container, transport, variant, "first.open.p99", 1) + " | "
                + cells.median(container, transport, variant, "first.event.p50", 1) + " / "
                + cells.spread(container, transport, variant, "first.event.p99", 1);
    }

    private String deflate() {
        String t = Transport.WEBSOCKET.label();
        StringBuilder out = new StringBuilder("| container | variant | heap + direct KiB/connection | resident"
                + " KiB/connection | deliveries/s | server µs per delivery | bytes read per delivery |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (String container : results.options().containers()) {
            for (String variant : results.options().variants()) {
                if (variant.equals("redis")) {
                    continue;
                }
                out.append("| ")
                        .append(Cells.title(container))
                        .append(" | ")
                        .append(variant)
                        .append(" | ");
                out.append(both(at -> kib(container, t, variant, at))).append(" | ");
                out.append(both(at -> cells.scaled(container, t, variant, "deflate.rss" + at, 1 / 1024.0, 1)))
                        .append(" | ");
                out.append(both(at -> cells.median(container, t, variant, "deflate.dps" + at, 0)))
                        .append(" | ");
                out.append(both(at -> cells.median(container, t, variant, "deflate.cpu" + at, 2)))
                        .append(" | ");
                out.append(both(at -> cells.median(container, t, variant, "deflate.wire" + at, 0)))
                        .append(" |\n");
            }
        }
        return out.toString();
    }

    private String kib(String container, String transport, String variant, String at) {
        OptionalDouble heap = results.median(container, transport, variant, "deflate.heap" + at);
        OptionalDouble direct = results.median(container, transport, variant, "deflate.direct" + at);
        return heap.isPresent() && direct.isPresent()
                ? Cells.fmt((heap.getAsDouble() + direct.getAsDouble()) / 1024, 1)
                : cells.blank(container, transport, variant, "deflate.heap" + at);
    }

    private static String both(Function<String, String> cell) {
        return cell.apply("@off") + " / " + cell.apply("@on");
    }

    private String twoNodes() {
        String at = "@" + plan.ladder().latency().get(0);
        StringBuilder out = new StringBuilder("| container | transport | p99 ms at "
                + Cells.count(plan.ladder().latency().get(0))
                + ": one node / two | throughput, deliveries/s: one node / two | µs per delivery in the burst: one"
                + " node / two and Redis | rooms, p99 ms: one node / two |\n|---|---|---|---|---|---|\n");
        for (String container : results.options().containers()) {
            for (Transport transport : results.options().transports()) {
                String t = transport.label();
                Function<String, String> pair = name -> cells.median(container, t, Report.LIBRARY, name, 1) + " / "
                        + cells.median(container, t, "redis", name, 1);
                out.append("| ")
                        .append(Cells.title(container))
                        .append(" | ")
                        .append(t)
                        .append(" | ")
                        .append(pair.apply("latency.p99" + at))
                        .append(" | ")
                        .append(cells.median(container, t, Report.LIBRARY, "throughput", 0))
                        .append(" / ")
                        .append(cells.median(container, t, "redis", "throughput", 0))
                        .append(" | ")
                        .append(cells.median(container, t, Report.LIBRARY, "throughput.cpu", 2))
                        .append(" / ")
                        .append(cells.median(container, t, "redis", "throughput.cpu", 2))
                        .append(" | ")
                        .append(pair.apply("rooms.p99"))
                        .append(" |\n");
            }
        }
        return out.toString();
    }

    private static <T> String join(List<T> items, Function<T, String> cell) {
        List<String> out = new ArrayList<>();
        items.forEach(item -> out.add(cell.apply(item)));
        return String.join(" | ", out);
    }
}
