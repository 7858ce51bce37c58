package io.realtime.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TickTest {

    @Test
    void everyVariantSendsTheSameBytes() throws Exception {
        Tick tick = Tick.now(42, 128);
        // The library publishes the record (Jackson), the others send json(): the same payload on the wire.
        assertThat(new ObjectMapper().writeValueAsString(tick)).isEqualTo(tick.json());
    }

    @Test
    void isAboutTheSizeAskedFor() {
        assertThat(Tick.now(1, 128).bytes().length).isBetween(120, 136);
        assertThat(Tick.now(1, 1024).bytes().length).isBetween(1016, 1032);
    }
}
