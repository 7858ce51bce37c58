package io.realtime.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The long-poll settings: the defaults docs/protocol.md states, context parameters, and their bounds. */
class LongPollSettingsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        RealtimeConfig config = RealtimeConfig.defaults();

        assertThat(config.pollTimeout()).isEqualTo(Duration.ofSeconds(25));
        assertThat(config.pollMaxEvents()).isEqualTo(1_000);
        assertThat(config.pollMaxBytes()).isEqualTo(64 * 1024);
        assertThat(config.maxPollsPerSession()).isEqualTo(16);
        assertThat(config.maxPollsPerAddress()).isEqualTo(1000);
    }

    @Test
    void contextParametersSetThem() {
        Map<String, String> parameters = Map.of(
                "realtime.pollTimeout", "50s",
                "realtime.pollMaxEvents", "10",
                "realtime.pollMaxBytes", "2048",
                "realtime.maxPollsPerSession", "4",
                "realtime.maxPollsPerAddress", "200");

        RealtimeConfig config = RealtimeConfig.defaults().withParameters(parameters.keySet(), parameters::get);

        assertThat(config.pollTimeout()).isEqualTo(Duration.ofSeconds(50));
        assertThat(config.pollMaxEvents()).isEqualTo(10);
        assertThat(config.pollMaxBytes()).isEqualTo(2048);
        assertThat(config.maxPollsPerSession()).isEqualTo(4);
        assertThat(config.maxPollsPerAddress()).isEqualTo(200);
    }

    @Test
    void valuesOutOfBoundsAreRefusedByName() {
        RealtimeConfig.Builder builder = RealtimeConfig.builder();

        assertThatThrownBy(() -> builder.pollTimeout(Duration.ZERO)).hasMessageContaining("pollTimeout");
        assertThatThrownBy(() -> builder.pollTimeout(Duration.ofMinutes(11))).hasMessageContaining("pollTimeout");
        assertThatThrownBy(() -> builder.pollMaxEvents(0)).hasMessageContaining("pollMaxEvents");
        assertThatThrownBy(() -> builder.pollMaxBytes(100)).hasMessageContaining("pollMaxBytes");
        assertThatThrownBy(() -> builder.maxPollsPerSession(0)).hasMessageContaining("maxPollsPerSession");
        assertThatThrownBy(() -> builder.maxPollsPerAddress(0)).hasMessageContaining("maxPollsPerAddress");
        assertThatThrownBy(() ->
                        RealtimeConfig.defaults().withParameters(List.of("realtime.pollMaxEvents"), name -> "many"))
                .hasMessageContaining("realtime.pollMaxEvents");
    }
}
