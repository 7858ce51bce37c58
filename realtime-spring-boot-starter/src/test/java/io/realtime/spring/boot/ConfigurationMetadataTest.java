package io.realtime.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtime.runtime.RealtimeConfig;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * The configuration metadata an IDE completes {@code realtime.*} properties from, checked against the runtime's
 * own declaration of its context parameters: one property per parameter, of its type, with its default.
 */
class ConfigurationMetadataTest {

    static final Map<Class<?>, String> TYPES = Map.of(
            int.class, "java.lang.Integer",
            boolean.class, "java.lang.Boolean",
            Duration.class, "java.time.Duration",
            java.util.Set.class, "java.util.List<java.lang.String>",
            List.class, "java.util.List<java.lang.String>");

    /** A valid value other than the default: one more, the other flag, a second more, a host or an origin, a proxy, a token key. */
    static String other(String setting, Object value) {
        if (value instanceof Integer number) {
            return String.valueOf(number + 1);
        }
        if (value instanceof Boolean flag) {
            return String.valueOf(!flag);
        }
        if (value instanceof Duration duration) {
            return duration.plusSeconds(1).toString();
        }
        if (value instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof String) {
            return "10.0.0.0/8"; // trusted proxies
        }
        return value instanceof java.util.Set<?>
                ? (setting.equals("allowedHosts") ? "elsewhere.example" : "https://elsewhere.example")
                : "k7:" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
    }

    @Test
    void everyContextParameterOfTheRuntimeIsAPropertyAndNothingElse() throws Exception {
        List<String> declared = parameters();
        assertThat(SpringSettings.names()).containsExactlyInAnyOrderElementsOf(declared);
        assertThat(properties().keySet())
                .containsExactlyInAnyOrderElementsOf(
                        declared.stream().map(SpringSettings::property).toList());
    }

    @Test
    void eachPropertyHasItsSettingsTypeADescriptionAndTheRuntimesDefault() throws Exception {
        Map<String, JsonNode> properties = properties();
        RealtimeConfig defaults = RealtimeConfig.defaults();
        for (String setting : SpringSettings.names()) {
            JsonNode property = properties.get(SpringSettings.property(setting));
            Method accessor = RealtimeConfig.class.getMethod(setting);
            assertThat(property.path("type").asText()).as(setting).isEqualTo(TYPES.get(accessor.getReturnType()));
            assertThat(property.path("description").asText()).as(setting).hasSizeGreaterThan(20);
            // The default, written as a user would write the property over another value, gives the runtime's own.
            String otherValue = other(setting, accessor.invoke(defaults));
            RealtimeConfig other = defaults.withParameters(List.of("realtime." + setting), name -> otherValue);
            assertThat(accessor.invoke(other)).as(setting).isNotEqualTo(accessor.invoke(defaults));
            JsonNode written = property.path("defaultValue");
            String value = written.isArray() ? String.join(",", texts(written)) : written.asText();
            RealtimeConfig read = SpringSettings.apply(
                    other, new MockEnvironment().withProperty(SpringSettings.property(setting), value));
            assertThat(accessor.invoke(read)).as(setting).isEqualTo(accessor.invoke(defaults));
        }
    }

    private static Map<String, JsonNode> properties() throws Exception {
        try (InputStream in =
                SpringSettings.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            JsonNode metadata = new ObjectMapper().readTree(in);
            assertThat(metadata.path("groups").get(0).path("name").asText()).isEqualTo("realtime");
            Map<String, JsonNode> byName = new java.util.TreeMap<>();
            metadata.path("properties")
                    .forEach(property -> byName.put(property.path("name").asText(), property));
            return byName;
        }
    }

    // The runtime's declaration: the context parameters RealtimeConfig reads, as its refusal of an unknown one lists
    // them (docs/configuration.md), without "realtime.".
    private static List<String> parameters() {
        try {
            RealtimeConfig.defaults().withParameters(List.of("realtime.?"), name -> "");
        } catch (IllegalArgumentException refused) {
            String known = refused.getMessage().substring(refused.getMessage().indexOf("Known: ") + "Known: ".length());
            return Arrays.stream(known.split(", "))
                    .map(name -> name.substring("realtime.".length()))
                    .toList();
        }
        throw new AssertionError("an unknown context parameter is accepted");
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return new ArrayList<>(new TreeSet<>(texts));
    }
}
