package io.realtime.bench.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A figure over several runs: its lowest, middle and highest value.
 *
 * @param min the lowest
 * @param median the middle one (the mean of the two middle ones for an even count)
 * @param max the highest
 * @param runs how many runs
 */
record Spread(double min, double median, double max, int runs) {

    static Optional<Spread> of(List<Double> values) {
        if (values.isEmpty()) {
            return Optional.empty();
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int middle = sorted.size() / 2;
        double median = sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
        return Optional.of(new Spread(sorted.get(0), median, sorted.get(sorted.size() - 1), sorted.size()));
    }

    /** Whether every run is at least {@code bound}. */
    boolean allAtLeast(double bound) {
        return min >= bound;
    }

    /** Whether every run is at most {@code bound}. */
    boolean allAtMost(double bound) {
        return max <= bound;
    }
}
