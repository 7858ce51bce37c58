package io.realtime.chaos;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The soak's chart, drawn with Java 2D (headless) as a PNG: one panel per measure (heap after a full collection,
 * threads, file descriptors) over the minutes of the soak, one line per node, each panel's axis from zero so that
 * growth shows at its true size.
 */
final class SoakChart {

    private static final int WIDTH = 900;
    private static final int PANEL = 220;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 40;
    private static final Color[] NODES = {new Color(0x1f77b4), new Color(0xff7f0e)};

    private final List<Health.Sample> samples;
    private final List<Soak.Measure> measures;

    SoakChart(List<Health.Sample> samples, List<Soak.Measure> measures) {
        this.samples = samples;
        this.measures = measures;
    }

    void write(Path file) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, TOP + measures.size() * PANEL + 20, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString("Soak: each node's health over time (after a full collection)", LEFT, 22);
        double minutes = Math.max(
                1, samples.stream().mapToDouble(s -> s.seconds() / 60).max().orElse(1));
        for (int i = 0; i < measures.size(); i++) {
            panel(g, measures.get(i), TOP + i * PANEL, minutes);
        }
        g.dispose();
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    private void panel(Graphics2D g, Soak.Measure measure, int top, double minutes) {
        int height = PANEL - 50;
        int width = WIDTH - LEFT - RIGHT;
        double max = samples.stream().mapToDouble(measure.value()).max().orElse(1);
        double axis = niceCeiling(max * 1.1);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int tick = 0; tick <= 4; tick++) {
            int y = top + height - tick * height / 4;
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(LEFT, y, LEFT + width, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.0f", axis * tick / 4), 10, y + 4);
        }
        g.drawString(measure.name() + (measure.unit().isEmpty() ? "" : " (" + measure.unit() + ")"), LEFT, top - 6);
        for (int tick = 0; tick <= 6; tick++) {
            int x = LEFT + tick * width / 6;
            g.drawString(String.format(Locale.ROOT, "%.0f min", minutes * tick / 6), x - 14, top + height + 16);
        }
        List<String> nodes =
                samples.stream().map(Health.Sample::node).distinct().sorted().toList();
        g.setStroke(new BasicStroke(2f));
        for (int n = 0; n < nodes.size(); n++) {
            g.setColor(NODES[n % NODES.length]);
            int lastX = -1;
            int lastY = -1;
            for (Health.Sample sample : samples) {
                if (!sample.node().equals(nodes.get(n))) {
                    continue;
                }
                int x = LEFT + (int) Math.round(sample.seconds() / 60 / minutes * width);
                int y = top + height - (int) Math.round(measure.value().applyAsDouble(sample) / axis * height);
                if (lastX >= 0) {
                    g.drawLine(lastX, lastY, x, y);
                }
                lastX = x;
                lastY = y;
            }
            g.drawString(nodes.get(n), LEFT + width - 60, top + 14 + n * 14);
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
