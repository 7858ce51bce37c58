package io.realtime.bench.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CellsTest {

    @Test
    void aTargetIsMetOrMissedOnlyWhenEveryRunAgrees() {
        assertThat(Cells.target(spread(0.95, 0.92, 1.3), 0.9, true)).isEqualTo("0.95x (0.92–1.30) ✓");
        assertThat(Cells.target(spread(0.5, 0.4, 0.6), 0.9, true)).endsWith("✗");
        assertThat(Cells.target(spread(0.95, 0.85, 1.0), 0.9, true)).endsWith("≈");
        assertThat(Cells.target(spread(1.05, 1.0, 1.12), 1.1, false)).endsWith("≈");
        assertThat(Cells.target(spread(1.05, 1.0, 1.08), 1.1, false)).endsWith("✓");
    }

    @Test
    void aComparisonIsClaimedOnlyWhereEveryRunAgrees() {
        assertThat(Cells.claim(spread(1.5, 1.2, 1.9), true)).endsWith("ahead in every run");
        assertThat(Cells.claim(spread(0.3, 0.27, 0.37), true)).endsWith("behind in every run");
        assertThat(Cells.claim(spread(0.8, 0.7, 0.9), false)).endsWith("ahead in every run");
        assertThat(Cells.claim(spread(1.0, 0.9, 1.2), true)).endsWith("within noise");
    }

    @Test
    void aSpreadHasTheMedianAndTheExtremes() {
        Spread spread = Spread.of(List.of(3.0, 1.0, 2.0, 10.0)).orElseThrow();
        assertThat(spread.median()).isEqualTo(2.5);
        assertThat(spread.min()).isEqualTo(1.0);
        assertThat(spread.max()).isEqualTo(10.0);
        assertThat(Cells.spread(Optional.of(spread), 1)).isEqualTo("2.5 (1.0–10.0)");
        assertThat(Spread.of(List.of())).isEmpty();
    }

    @Test
    void runsTakeTheVariantsInARotatedOrder() {
        Options options = Options.parse(new String[] {"--variants", "library,strong,naive"});
        assertThat(options.variantsOf(1)).containsExactly("library", "strong", "naive");
        assertThat(options.variantsOf(2)).containsExactly("strong", "naive", "library");
        assertThat(options.variantsOf(4)).containsExactly("library", "strong", "naive");
    }

    private static Spread spread(double median, double min, double max) {
        return new Spread(min, median, max, 3);
    }
}
