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
import java.util.OptionalDouble;
import javax.imageio.ImageIO;

/**
 * Grouped bar charts of the medians, drawn with Java 2D (headless) and written as PNG: one group of bars per
 * container and transport, one bar per variant.
 */
final class Charts {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 460;
    private static final int LEFT = 80;
    private static final int RIGHT = 20;
    private static final int TOP = 56;
    private static final int BOTTOM = 70;
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0x7f7f7f), new Color(0xff7f0e)};

    private final Results results;

    Charts(Results results) {
        this.results = results;
    }

    /** A figure of one container, transport and variant, or empty. */
    private interface Measure {
        OptionalDouble of(String container, String transport, String variant);
    }

    void write(Path directory) throws IOException {
        Plan plan = results.plan();
        int idle = plan.idle().get(plan.idle().size() - 1);
        chart(
                directory,
                "idle-memory.png",
                "Memory per idle connection at " + Report.count(idle),
                "KiB",
                (c, t, v) -> Report.idleKib(results, c, t, v, idle));
        for (int n : plan.latency()) {
            chart(
                    directory,
                    "latency-p99-" + Report.count(n) + ".png",
                    "Broadcast latency p99 at " + Report.count(n) + " subscribers, " + Report.fmt(plan.rate(), 0)
                            + " broadcasts/s",
                    "ms",
                    (c, t, v) -> results.median(c, t, v, "latency.p99@" + n));
        }
        chart(
                directory,
                "capacity.png",
                "Most subscribers with p95 ≤ " + plan.p95Bound().toMillis() + " ms",
                "subscribers",
                (c, t, v) -> results.median(c, t, v, "capacity"));
        chart(
                directory,
                "throughput.png",
                "Back-to-back broadcast to " + Report.count(plan.throughputClients()) + " subscribers",
                "deliveries/s",
                (c, t, v) -> results.median(c, t, v, "throughput"));
        chart(
                directory,
                "churn.png",
                "Connect churn",
                "connections/s",
                (c, t, v) -> results.median(c, t, v, "churn.rate"));
    }

    private void chart(Path directory, String file, String title, String unit, Measure measure) throws IOException {
        List<String> groups = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        List<String> variants = results.options().variants();
        double top = 0;
        for (String container : results.options().containers()) {
            for (Transport transport : results.options().transports()) {
                double[] bars = new double[variants.size()];
                for (int i = 0; i < bars.length; i++) {
                    bars[i] = measure.of(container, transport.label(), variants.get(i))
                            .orElse(Double.NaN);
                    if (!Double.isNaN(bars[i])) {
                        top = Math.max(top, bars[i]);
                    }
                }
                groups.add(Report.title(container) + " " + transport.label());
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
                double value = values.get(group)[i];
                int x = x0 + i * barWidth;
                if (Double.isNaN(value)) {
                    g.setColor(Color.GRAY);
                    g.drawString("–", x + barWidth / 2 - 3, TOP + plotHeight - 4);
                    continue;
                }
                int h = (int) Math.round(value / axisTop * plotHeight);
                g.setColor(COLORS[i % COLORS.length]);
                g.fillRect(x, TOP + plotHeight - h, barWidth - 3, h);
                g.setColor(Color.BLACK);
                String text = label(value);
                int w = metrics.stringWidth(text);
                if (w < barWidth + 8) {
                    g.drawString(text, x + (barWidth - 3 - w) / 2, TOP + plotHeight - h - 3);
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
        double raw = top / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double factor : new double[] {1, 2, 2.5, 5, 10}) {
            if (raw <= factor * magnitude) {
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
