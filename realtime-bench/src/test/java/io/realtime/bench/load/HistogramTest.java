package io.realtime.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HistogramTest {

    @Test
    void percentilesAreWithinOnePercent() {
        Histogram histogram = new Histogram();
        for (long micros = 1; micros <= 100_000; micros++) {
            histogram.record(micros);
        }
        assertThat(histogram.count()).isEqualTo(100_000);
        assertThat(histogram.max()).isEqualTo(100_000);
        assertThat((double) histogram.percentile(0.50)).isCloseTo(50_000, within(500.0));
        assertThat((double) histogram.percentile(0.99)).isCloseTo(99_000, within(990.0));
        assertThat(histogram.percentile(1.0)).isEqualTo(100_000);
    }

    @Test
    void smallValuesAreExactAndMergingAddsCounts() {
        Histogram a = new Histogram();
        Histogram b = new Histogram();
        a.record(3);
        b.record(200);
        b.record(-5); // a clock step: counted as 0
        a.add(b);
        assertThat(a.count()).isEqualTo(3);
        assertThat(a.percentile(0.34)).isEqualTo(3);
        assertThat(a.percentile(0.2)).isZero();
        assertThat(a.max()).isEqualTo(200);
    }

    @Test
    void emptyIsZero() {
        assertThat(new Histogram().percentile(0.99)).isZero();
    }
}
