package io.realtime.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RealtimeConfigTest {

    @Test
    void defaults() {
        RealtimeConfig config = RealtimeConfig.defaults();
        assertThat(config.historyMaxEvents()).isEqualTo(1000);
        assertThat(config.historyMaxAge()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.maxTopics()).isEqualTo(100_000);
        assertThat(config.heartbeat()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.sseRetry()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.outboundQueue()).isEqualTo(1024);
        assertThat(config.stallTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.allowedOrigins()).isEmpty();
        assertThat(config.workerThreads()).isEqualTo(64);
        assertThat(config.backplane()).isEmpty();
        assertThat(config.serviceFactory()).isEmpty();
    }

    @Test
    void contextParametersOverrideTheGivenSettings() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("realtime.historyMaxEvents", "50");
        parameters.put("realtime.historyMaxAge", "90s");
        parameters.put("realtime.maxTopics", "7");
        parameters.put("realtime.heartbeat", " 500ms ");
        parameters.put("realtime.sseRetry", "PT3S");
        parameters.put("realtime.outboundQueue", "16");
        parameters.put("realtime.stallTimeout", "2m");
        parameters.put("realtime.allowedOrigins", "https://A.example.com, http://b.example.com:8080");
        parameters.put("realtime.workerThreads", "4");
        parameters.put("org.eclipse.jetty.servlet.Default.dirAllowed", "false");
        RealtimeConfig base = RealtimeConfig.builder().historyMaxEvents(9).build();

        RealtimeConfig config = base.withParameters(parameters.keySet(), parameters::get);

        assertThat(config.historyMaxEvents()).isEqualTo(50);
        assertThat(config.historyMaxAge()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.maxTopics()).isEqualTo(7);
        assertThat(config.heartbeat()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.sseRetry()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.outboundQueue()).isEqualTo(16);
        assertThat(config.stallTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.allowedOrigins())
                .containsExactlyInAnyOrder("https://a.example.com", "http://b.example.com:8080");
        assertThat(config.workerThreads()).isEqualTo(4);
        assertThat(base.historyMaxEvents()).as("immutable").isEqualTo(9);
    }

    @Test
    void anUnknownRealtimeParameterIsRejectedWithTheKnownOnes() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RealtimeConfig.defaults().withParameters(Set.of("realtime.heartBeat"), name -> "15s"))
                .withMessageContaining("Unknown context parameter 'realtime.heartBeat'")
                .withMessageContaining("realtime.heartbeat");
    }

    @Test
    void anUnknownParameterSuggestsTheNearestAndListsTheKnownOnesSorted() {
        assertThatIllegalArgumentException()
                .isThrownBy(() ->
                        RealtimeConfig.defaults().withParameters(List.of("realtime.histroyMaxEvents"), name -> "5"))
                .withMessageStartingWith("Unknown context parameter 'realtime.histroyMaxEvents'; did you mean"
                        + " 'realtime.historyMaxEvents'? Known: realtime.adminRoles, realtime.allowedHosts, realtime.allowedOrigins, realtime.connectBurst,"
                        + " realtime.connectRate, realtime.healthEndpoint, realtime.heartbeat, realtime.historyMaxAge,")
                .withMessageEndingWith(
                        "realtime.tokenKeys, realtime.tokenLifetime, realtime.trustedProxies, realtime.uplinkBurst,"
                                + " realtime.uplinkRate, realtime.workerThreads");
        assertThatIllegalArgumentException()
                .as("a property's name written as a context parameter")
                .isThrownBy(() ->
                        RealtimeConfig.defaults().withParameters(List.of("realtime.max-message-size"), name -> "5"))
                .withMessageContaining("did you mean 'realtime.maxMessageSize'?");
        assertThatIllegalArgumentException()
                .as("nothing near")
                .isThrownBy(() -> RealtimeConfig.defaults().withParameters(List.of("realtime.colour"), name -> "red"))
                .withMessageStartingWith(
                        "Unknown context parameter 'realtime.colour'. Known: realtime.adminRoles, realtime.allowedHosts,");
    }

    @Test
    void objectsHaveNoContextParameter() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RealtimeConfig.defaults()
                        .withParameters(List.of("realtime.objectMapper"), name -> "com.acme.Mapper"))
                .withMessageStartingWith("Unknown context parameter 'realtime.objectMapper'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("realtime.backplane"));
    }

    @Test
    void toStringShowsWhatDiffersFromTheDefaultsWithoutSecrets() {
        assertThat(RealtimeConfig.defaults()).hasToString("RealtimeConfig[defaults]");
        assertThat(RealtimeConfig.builder().heartbeat(Duration.ofSeconds(15)).build())
                .as("a default set again is no difference")
                .hasToString("RealtimeConfig[defaults]");
        byte[] secret = new byte[32];
        secret[0] = 42;
        RealtimeConfig config = RealtimeConfig.builder()
                .historyMaxEvents(50)
                .heartbeat(Duration.ofMillis(1500))
                .allowedOrigins(Set.of("https://b.example.com", "https://a.example.com"))
                .tokenKeys(List.of(TokenKey.of("2026-01", secret), TokenKey.of("2025-12", new byte[32])))
                .serviceFactory(type -> null)
                .build();
        assertThat(config)
                .hasToString("RealtimeConfig[historyMaxEvents=50, heartbeat=1500ms,"
                        + " allowedOrigins=[https://a.example.com, https://b.example.com], tokenKeys=[2026-01, 2025-12],"
                        + " serviceFactory=custom]");
        assertThat(config.toString())
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(secret));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "realtime.heartbeat|15|not a duration",
                "realtime.heartbeat|15 seconds|not a duration",
                "realtime.heartbeat|0s|must be positive",
                "realtime.heartbeat|-1s|must be positive",
                "realtime.historyMaxEvents|0|must be 1 to 1000000",
                "realtime.historyMaxEvents|many|is not a whole number",
                "realtime.maxTabs|0|must be at least 1, was 0",
                "realtime.pollTimeout|11m|must be at most 10 minutes, was PT11M",
                "realtime.tokenLifetime|P366D|must be at most 365 days",
                "realtime.outboundQueue|1000001|must be 1 to 1000000",
                "realtime.allowedOrigins|app.example.com|is not an origin",
                "realtime.allowedOrigins|https://app.example.com/path|is not an origin"
            })
    void anInvalidValueNamesTheParameter(String name, String value, String reason) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RealtimeConfig.defaults().withParameters(Set.of(name), n -> value))
                .withMessageStartingWith("Context parameter '" + name + "' is invalid")
                .withMessageContaining(reason == null ? "" : reason);
    }

    @ParameterizedTest
    @CsvSource({
        "250ms,PT0.25S",
        "15s,PT15S",
        "10m,PT10M",
        "2h,PT2H",
        "PT1M30S,PT1M30S",
        "pt5s,PT5S",
        "15S,PT15S",
        "15 s,PT15S"
    })
    void durations(String text, String expected) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "15d", "1.5s", "ms"})
    void malformedDurations(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse(text));
    }

    @Test
    void toBuilderKeepsEverySetting() {
        RealtimeConfig config = RealtimeConfig.builder()
                .heartbeat(Duration.ofSeconds(1))
                .stallTimeout(Duration.ofSeconds(2))
                .allowedOrigins(Set.of("*"))
                .build();
        RealtimeConfig copy = config.toBuilder().build();
        assertThat(copy.heartbeat()).isEqualTo(Duration.ofSeconds(1));
        assertThat(copy.stallTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(copy.allowedOrigins()).containsExactly("*");
        assertThat(copy.objectMapper()).isSameAs(config.objectMapper());
    }

    @Test
    void identitySettingsAndTheirDefaults() {
        RealtimeConfig defaults = RealtimeConfig.defaults();
        assertThat(defaults.tokenKeys()).as("a random key per start").isEmpty();
        assertThat(defaults.tokenLifetime()).isEqualTo(Duration.ofHours(24));
        assertThat(defaults.maxTabs()).isEqualTo(100_000);
        assertThat(defaults.maxTabAttributes()).isEqualTo(64);
        assertThat(defaults.tabIdleTimeout()).isEqualTo(Duration.ofMinutes(30));

        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put(
                "realtime.tokenKeys",
                "2025-06:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8, " + "2025-01:" + "A".repeat(43) + "=");
        parameters.put("realtime.tokenLifetime", "2h");
        parameters.put("realtime.maxTabs", "10");
        parameters.put("realtime.maxTabAttributes", "5");
        parameters.put("realtime.tabIdleTimeout", "5m");
        RealtimeConfig config = defaults.withParameters(parameters.keySet(), parameters::get);
        assertThat(config.tokenKeys()).extracting(TokenKey::id).containsExactly("2025-06", "2025-01");
        assertThat(config.tokenKeys().get(0).secret()).hasSize(32).startsWith(0, 1, 2);
        assertThat(config.tokenLifetime()).isEqualTo(Duration.ofHours(2));
        assertThat(config.maxTabs()).isEqualTo(10);
        assertThat(config.maxTabAttributes()).isEqualTo(5);
        assertThat(config.tabIdleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.toBuilder().build().tokenKeys()).isEqualTo(config.tokenKeys());
    }

    @ParameterizedTest
    @ValueSource(strings = {"k1", "k1:c2VjcmV0", "k1:not*base64", "bad id:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"})
    void anUnfitTokenKeyIsRefusedWithoutShowingItsSecret(String key) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RealtimeConfig.defaults().withParameters(Set.of("realtime.tokenKeys"), n -> key))
                .withMessageStartingWith("Context parameter 'realtime.tokenKeys' is invalid")
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain("c2VjcmV0")
                        .doesNotContain("not*base64")
                        .doesNotContain("AAECAwQF"));
    }

    @Test
    void twoKeysWithOneIdAreRefusedAndAKeyShowsItsIdAlone() {
        TokenKey key = TokenKey.of("k1", new byte[32]);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RealtimeConfig.builder().tokenKeys(List.of(key, TokenKey.of("k1", new byte[40]))))
                .withMessageContaining("two keys have the id 'k1'");
        assertThat(key).hasToString("TokenKey[k1]");
        assertThat(TokenKey.random().id()).isNotEqualTo(TokenKey.random().id());
    }
}
