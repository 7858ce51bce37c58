package io.realtime.bench.driver;

import java.util.Optional;
import java.util.OptionalDouble;

/** Table cells read from the results: a figure's median or spread, or why there is none. */
final class Lookup {

    private final Results results;

    Lookup(Results results) {
        this.results = results;
    }

    String median(String container, String transport, String variant, String name, int decimals) {
        OptionalDouble median = results.median(container, transport, variant, name);
        return median.isPresent()
                ? Cells.fmt(median.getAsDouble(), decimals) + marker(container, transport, variant, name)
                : blank(container, transport, variant, name);
    }

    String spread(String container, String transport, String variant, String name, int decimals) {
        Optional<Spread> spread = results.spread(container, transport, variant, name);
        return spread.isPresent()
                ? Cells.spread(spread, decimals) + marker(container, transport, variant, name)
                : blank(container, transport, variant, name);
    }

    String scaled(String container, String transport, String variant, String name, double factor, int decimals) {
        OptionalDouble median = results.median(container, transport, variant, name);
        return median.isPresent()
                ? Cells.fmt(median.getAsDouble() * factor, decimals)
                : blank(container, transport, variant, name);
    }

    /** ‡ where the load generator was saturated in some run while this figure was measured. */
    private String marker(String container, String transport, String variant, String name) {
        return results.saturated(container, transport, variant, name) ? " ‡" : "";
    }

    /** What a cell without a figure says: FAILED when its scenario failed, a dash when it was not measured. */
    String blank(String container, String transport, String variant, String name) {
        return results.failed(container, transport, variant, name) ? "FAILED" : "–";
    }
}
