package io.realtime.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.realtime.runtime.RealtimeConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mock.env.MockEnvironment;

/** {@code realtime.*} properties, read by the runtime's own rules and refused in its words, naming the property. */
class SpringSettingsTest {

    @Test
    void propertiesInKebabOrCamelCaseSetTheRuntimesSettings() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("realtime.history-max-events", "5")
                .withProperty("realtime.heartbeat", "5s")
                .withProperty("realtime.pollTimeout", "PT3S")
                .withProperty("realtime.allowed-origins", "https://a.example, https://b.example");
        RealtimeConfig config = SpringSettings.apply(RealtimeConfig.defaults(), environment);
        assertThat(config.historyMaxEvents()).isEqualTo(5);
        assertThat(config.heartbeat()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.pollTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.allowedOrigins()).isEqualTo(Set.of("https://a.example", "https://b.example"));
        assertThat(config.maxTopics())
                .as("untouched")
                .isEqualTo(RealtimeConfig.defaults().maxTopics());
    }

    @Test
    void aListMayBeWrittenAsYamlWrites() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("realtime.allowed-origins[0]", "https://a.example")
                .withProperty("realtime.allowed-origins[1]", "https://b.example");
        assertThat(SpringSettings.apply(RealtimeConfig.defaults(), environment).allowedOrigins())
                .isEqualTo(Set.of("https://a.example", "https://b.example"));
    }

    @Test
    void theEnvironmentSetsKnownSettingsAndItsOtherVariablesAreNotTheApplicationsConcern() {
        MockEnvironment environment = new MockEnvironment();
        environment
                .getPropertySources()
                .addLast(new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of("REALTIME_HISTORYMAXEVENTS", "7", "REALTIME_HOME", "/opt/other-tool")));
        assertThat(SpringSettings.apply(RealtimeConfig.defaults(), environment).historyMaxEvents())
                .isEqualTo(7);
    }

    @Test
    void anUnknownPropertyStopsTheApplicationListingTheKnownOnes() {
        MockEnvironment environment = new MockEnvironment().withProperty("realtime.hearbeat", "5s");
        assertThatThrownBy(() -> SpringSettings.apply(RealtimeConfig.defaults(), environment))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Unknown property 'realtime.hearbeat'")
                .hasMessageContaining(
                        "the realtime.* properties are realtime.admin-roles, realtime.allowed-hosts, realtime.allowed-origins,"
                                + " realtime.connect-burst, realtime.connect-rate, realtime.health-endpoint, realtime.heartbeat,");
    }

    @Test
    void aTypoInAPropertiesFileIsShownWithItsFileAndLine() throws IOException {
        MockEnvironment environment = new MockEnvironment();
        new PropertiesPropertySourceLoader()
                .load("typo", new ClassPathResource("typo.properties"))
                .forEach(environment.getPropertySources()::addLast);
        assertThatThrownBy(() -> SpringSettings.apply(RealtimeConfig.defaults(), environment))
                .hasMessageStartingWith(
                        "Unknown property 'realtime.hearbeat' (class path resource [typo.properties] - 2:19);");
    }

    @Test
    void anInvalidValueIsRefusedInTheRuntimesWordsNamingTheProperty() {
        MockEnvironment environment = new MockEnvironment().withProperty("realtime.history-max-events", "0");
        assertThatThrownBy(() -> SpringSettings.apply(RealtimeConfig.defaults(), environment))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "Property 'realtime.history-max-events' (\"realtime.history-max-events\" from property source"
                                + " \"mockProperties\") is invalid:"
                                + " historyMaxEvents must be 1 to 1000000, was 0");
        MockEnvironment duration = new MockEnvironment().withProperty("realtime.heartbeat", "soon");
        assertThatThrownBy(() -> SpringSettings.apply(RealtimeConfig.defaults(), duration))
                .hasMessage(
                        "Property 'realtime.heartbeat' (\"realtime.heartbeat\" from property source \"mockProperties\")"
                                + " is invalid:"
                                + " 'soon' is not a duration such as 500ms, 15s, 10m or PT15S");
    }
}
