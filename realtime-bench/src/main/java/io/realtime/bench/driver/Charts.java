package io.realtime.bench.driver;

import io.realtime.bench.load.Transport;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Grouped bar charts of the medians, drawn with Java 2D (headless) and written as PNG: one group of bars per
 * container and transport, one bar per variant, and a line from the lowest to the highest run on each bar.
 */
final class Charts {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 460;
    private static final int LEFT = 80;
    private static final int RIGHT = 20;
    private static final int TOP = 56;
    private static final int BOTTOM = 70;
    private static final Color[] COLORS = {
        new Color(0x1f77b4), new Color(0x2ca02c), new Color(0x7f7f7f), new Color(0xff7f0e), new Color(0x9467bd)
    };

    private final Results results;

    Charts(Results results) {
        this.results = results;
    }

    /** A figure of one container, transport and variant over runs, or empty. */
    private interface Measure {
        Optional<Spread> of(String container, String transport, String variant);
    }

    void write(Path directory) throws IOException {
        Plan plan = results.plan();
        int idle = Ladder.max(plan.ladder().idle());
        chart(
                directory,
                "idle-memory.png",
                "Memory per idle connection at " + Cells.count(idle),
                "KiB",
                (c, t, v) -> results.idleKib(c, t, v, idle));
        for (int n : plan.ladder().latency()) {
            chart(
                    directory,
                    "latency-p99-" + Cells.count(n) + ".png",
                    "Broadcast latency p99 at " + Cells.count(n) + " subscribers, "
                            + Cells.fmt(plan.ladder().rate(), 0) + " broadcasts/s (long-poll: see results.md)",
                    "ms",
                    (c, t, v) -> results.spread(c, t, v, "latency.p99@" + n));
        }
        chart(
                directory,
                "capacity.png",
                "Most subscribers with p95 ≤ " + plan.p95Bound().toMillis() + " ms",
                "subscribers",
                (c, t, v) -> results.spread(c, t, v, "capacity"));
        chart(
                directory,
                "throughput.png",
                "Back-to-back broadcast to " + Cells.count(plan.burst().clients()) + " subscribers",
                "deliveries/s",
                (c, t, v) -> results.spread(c, t, v, "throughput"));
        chart(
                directory,
                "cpu-per-delivery.png",
                "Server CPU time per delivery in the burst",
                "µs",
                (c, t, v) -> results.spread(c, t, v, "throughput.cpu"));
        chart(
                directory,
                "rooms.png",
                "Many topics: p99 at " + Cells.fmt(plan.rooms().rate(), 0) + " ticks/s over "
                        + Cells.count(plan.rooms().rooms()) + " topics",
                "ms",
                (c, t, v) -> results.spread(c, t, v, "rooms.p99"));
        chart(
                directory,
                "churn.png",
                "Connect churn",
                "connections/s",
                (c, t, v) -> results.spread(c, t, v, "churn.rate"));
    }

    private void chart(Path directory, String file, String title, String unit, Measure measure) throws IOException {
        List<String> groups = new ArrayList<>();
        List<Spread[]> values = new ArrayList<>();
        List<String> variants = results.options().variants().stream()
                .filter(variant -> !variant.equals("redis"))
                .toList();
        double top = 0;
        for (String container : results.options().containers()) {
            for (Transport transport : results.options().transports()) {
                Spread[] bars = new Spread[variants.size()];
                for (int i = 0; i < bars.length; i++) {
                    bars[i] = measure.of(container, transport.label(), variants.get(i))
                            .orElse(null);
                    if (bars[i] != null) {
                        top = Math.max(top, bars[i].max());
                    }
                }
                groups.add(Cells.title(container) + " " + transport.label());
                values.add(bars);
            }
        }
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, LEFT, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        double step = niceStep(top <= 0 ? 1 : top);
        double axisTop = Math.max(step, Math.ceil(top / step) * step);
        int plotHeight = HEIGHT - TOP - BOTTOM;
        int plotWidth = WIDTH - LEFT - RIGHT;
        FontMetrics metrics = g.getFontMetrics();
        for (double tick = 0; tick <= axisTop + step / 2; tick += step) {
            int y = TOP + plotHeight - (int) Math.round(tick / axisTop * plotHeight);
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(LEFT, y, WIDTH - RIGHT, y);
            g.setColor(Color.DARK_GRAY);
            String label = label(tick);
            g.drawString(label, LEFT - 8 - metrics.stringWidth(label), y + 4);
        }
        g.drawString(unit, 8, TOP - 10);
        int groupWidth = plotWidth / Math.max(1, groups.size());
        int barWidth = Math.max(4, (groupWidth - 24) / Math.max(1, variants.size()));
        for (int group = 0; group < groups.size(); group++) {
            int x0 = LEFT + group * groupWidth + 12;
            for (int i = 0; i < variants.size(); i++) {
                Spread value = values.get(group)[i];
                int x = x0 + i * barWidth;
                if (value == null) {
                    g.setColor(Color.GRAY);
                    g.drawString("–", x + barWidth / 2 - 3, TOP + plotHeight - 4);
                    continue;
                }
                int h = (int) Math.round(value.median() / axisTop * plotHeight);
                g.setColor(COLORS[i % COLORS.length]);
                g.fillRect(x, TOP + plotHeight - h, barWidth - 3, h);
                int low = TOP + plotHeight - (int) Math.round(value.min() / axisTop * plotHeight);
                int high = TOP + plotHeight - (int) Math.round(value.max() / axisTop * plotHeight);
                int middle = x + (barWidth - 3) / 2;
                g.setColor(Color.BLACK);
                g.drawLine(middle, low, middle, high);
                g.drawLine(middle - 3, low, middle + 3, low);
                g.drawLine(middle - 3, high, middle + 3, high);
                String text = label(value.median());
                int w = metrics.stringWidth(text);
                if (w < barWidth + 8) {
                    g.drawString(text, x + (barWidth - 3 - w) / 2, Math.min(high, TOP + plotHeight - h) - 3);
                }
            }
            g.setColor(Color.BLACK);
            String name = groups.get(group);
            g.drawString(
                    name,
                    LEFT + group * groupWidth + (groupWidth - metrics.stringWidth(name)) / 2,
                    TOP + plotHeight + 18);
        }
        g.setStroke(new BasicStroke(1));
        g.drawLine(LEFT, TOP + plotHeight, WIDTH - RIGHT, TOP + plotHeight);
        int legendX = LEFT;
        for (int i = 0; i < variants.size(); i++) {
            g.setColor(COLORS[i % COLORS.length]);
            g.fillRect(legendX, HEIGHT - 28, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(variants.get(i), legendX + 20, HEIGHT - 16);
            legendX += 30 + metrics.stringWidth(variants.get(i)) + 20;
        }
        g.dispose();
        ImageIO.write(image, "png", directory.resolve(file).toFile());
    }

    private static double niceStep(double top) {
        double step = top / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(step)));
        for (double factor : new double[] {1, 2, 2.5, 5, 10}) {
            if (step <= factor * magnitude) {
                return factor * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String label(double value) {
        if (value >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1fM", value / 1_000_000);
        }
        if (value >= 10_000) {
            return String.format(Locale.ROOT, "%.0fk", value / 1_000);
        }
        if (value >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
