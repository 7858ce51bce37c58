package io.realtime.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The settings of {@code @Duplex} endpoints: message size, inbound backlog, idle timeout. */
class DuplexSettingsTest {

    @Test
    void defaults() {
        RealtimeConfig config = RealtimeConfig.defaults();
        assertThat(config.maxMessageSize()).isEqualTo(65_536);
        assertThat(config.inboundQueue()).isEqualTo(32);
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void contextParametersSetThem() {
        Map<String, String> parameters = Map.of(
                "realtime.maxMessageSize", "1024",
                "realtime.inboundQueue", "4",
                "realtime.idleTimeout", "90s");
        RealtimeConfig config = RealtimeConfig.defaults().withParameters(parameters.keySet(), parameters::get);
        assertThat(config.maxMessageSize()).isEqualTo(1024);
        assertThat(config.inboundQueue()).isEqualTo(4);
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(90));
        RealtimeConfig copy = config.toBuilder().build();
        assertThat(copy.maxMessageSize()).isEqualTo(1024);
        assertThat(copy.inboundQueue()).isEqualTo(4);
        assertThat(copy.idleTimeout()).isEqualTo(Duration.ofSeconds(90));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "realtime.maxMessageSize|0|must be 1 to 16777216",
                "realtime.maxMessageSize|16777217|must be 1 to 16777216",
                "realtime.inboundQueue|0|must be 1 to 10000",
                "realtime.idleTimeout|0s|must be positive"
            })
    void anInvalidValueNamesTheParameter(String name, String value, String reason) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RealtimeConfig.defaults().withParameters(Set.of(name), n -> value))
                .withMessageStartingWith("Context parameter '" + name + "' is invalid")
                .withMessageContaining(reason);
    }
}
