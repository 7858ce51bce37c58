package io.realtime.bench.driver;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How figures are written in the tables: numbers, counts, spreads, ratios and verdicts. */
final class Cells {

    private Cells() {}

    static String fmt(double value, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    /** 1000 as {@code 1k}, 1500 as {@code 1.5k}. */
    static String count(int n) {
        return n >= 1000 && n % 1000 == 0
                ? n / 1000 + "k"
                : n % 100 == 0 && n > 1000 ? fmt(n / 1000.0, 1) + "k" : String.valueOf(n);
    }

    static String counts(List<Integer> counts) {
        StringBuilder out = new StringBuilder();
        for (int n : counts) {
            out.append(out.length() > 0 ? " / " : "").append(count(n));
        }
        return out.toString();
    }

    /** Bytes as {@code 128 B}, {@code 64 KiB}. */
    static String bytes(int n) {
        return n >= 1024 && n % 1024 == 0 ? n / 1024 + " KiB" : n + " B";
    }

    static String title(String container) {
        return container.substring(0, 1).toUpperCase(Locale.ROOT) + container.substring(1);
    }

    static String variant(String variant) {
        return variant.equals("redis") ? "library, 2 nodes + Redis" : variant;
    }

    /** The median, with the lowest and highest run when they differ: {@code 1,234 (1,100–1,300)}. */
    static String spread(Optional<Spread> spread, int decimals) {
        if (spread.isEmpty()) {
            return "–";
        }
        Spread s = spread.get();
        String median = fmt(s.median(), decimals);
        if (s.runs() < 2) {
            return median;
        }
        return median + " (" + fmt(s.min(), decimals) + "–" + fmt(s.max(), decimals) + ")";
    }

    /**
     * A ratio against a target, with its spread over runs and a verdict that holds in every run: ✓ met in every
     * run, ✗ missed in every run, ≈ within noise (met in some runs only).
     */
    static String target(Spread ratio, double bound, boolean atLeast) {
        boolean met = atLeast ? ratio.allAtLeast(bound) : ratio.allAtMost(bound);
        boolean missed = atLeast ? ratio.max() < bound : ratio.min() > bound;
        String verdict = met ? "✓" : missed ? "✗" : "≈";
        return ratioText(ratio) + " " + verdict;
    }

    /** {@code 0.85x (0.80–0.93)}. */
    static String ratioText(Spread ratio) {
        String median = fmt(ratio.median(), 2) + "x";
        return ratio.runs() < 2 ? median : median + " (" + fmt(ratio.min(), 2) + "–" + fmt(ratio.max(), 2) + ")";
    }

    /**
     * A comparison in words that holds across the runs: more or less in every run, or within noise.
     *
     * @param higherIsBetter whether a ratio over 1 is ahead
     */
    static String claim(Spread ratio, boolean higherIsBetter) {
        if (ratio.runs() < 3) {
            return ratioText(ratio) + " (" + ratio.runs() + (ratio.runs() == 1 ? " run" : " runs")
                    + ": too few to claim anything)";
        }
        if (ratio.min() > 1) {
            return ratioText(ratio) + (higherIsBetter ? ", ahead in every run" : ", behind in every run");
        }
        if (ratio.max() < 1) {
            return ratioText(ratio) + (higherIsBetter ? ", behind in every run" : ", ahead in every run");
        }
        return ratioText(ratio) + ", within noise";
    }
}
