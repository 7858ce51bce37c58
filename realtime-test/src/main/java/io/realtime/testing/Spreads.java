package io.realtime.testing;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** How the benchmarks in the tests report several runs of one figure: its min, median and max. */
public final class Spreads {

    private Spreads() {}

    /**
     * @param values the runs' figures, at least one
     * @return the median (the upper one of an even count)
     */
    public static double median(double... values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /**
     * @param values the runs' figures, at least one
     * @param format how one figure is written, such as {@code %,.0f}
     * @return {@code min / median / max}
     */
    public static String of(double[] values, String format) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format(format, sorted[0]) + " / " + String.format(format, median(sorted)) + " / "
                + String.format(format, sorted[sorted.length - 1]);
    }

    /**
     * @param <T> a run's record
     * @param runs the runs, at least one
     * @param figure the figure of a run
     * @return the median of that figure over the runs
     */
    public static <T> double median(List<T> runs, ToDoubleFunction<T> figure) {
        return median(runs.stream().mapToDouble(figure).toArray());
    }

    /**
     * @param <T> a run's record
     * @param runs the runs, at least one
     * @param figure the figure of a run
     * @param format how one figure is written, such as {@code %,.0f}
     * @return {@code min / median / max} of that figure over the runs
     */
    public static <T> String of(List<T> runs, ToDoubleFunction<T> figure, String format) {
        return of(runs.stream().mapToDouble(figure).toArray(), format);
    }
}
