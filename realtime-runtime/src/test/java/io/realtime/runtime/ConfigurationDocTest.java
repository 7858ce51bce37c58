package io.realtime.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Holds {@code docs/configuration.md}, the public methods of {@link RealtimeConfig} and their Javadoc to the one
 * declaration of each setting in {@link Settings}: a setting added, renamed or changed there fails here until
 * the doc and the code follow. {@code -Dconfiguration.doc.write=true} rewrites the doc's generated part.
 */
class ConfigurationDocTest {

    private static final Path DOC = Path.of("..", "docs", "configuration.md");
    private static final Path SOURCE =
            Path.of("src", "main", "java", "io", "realtime", "runtime", "RealtimeConfig.java");
    private static final Pattern ACCESSOR =
            Pattern.compile("/\\*\\*((?:(?!\\*/).)*)\\*/\\s*public [\\w<>?,. ]+? (\\w+)\\(\\) \\{", Pattern.DOTALL);
    private static final Pattern SETTER =
            Pattern.compile("/\\*\\*((?:(?!\\*/).)*)\\*/\\s*public Builder (\\w+)\\([^)]*\\) \\{", Pattern.DOTALL);

    @Test
    void theDocMatchesTheDeclaration() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int begin = doc.indexOf(ConfigurationReference.BEGIN);
        int end = doc.indexOf(ConfigurationReference.END);
        assertThat(begin)
                .as("%s holds the generated settings between its markers", DOC)
                .isNotNegative();
        assertThat(end).isGreaterThan(begin);
        String generated = ConfigurationReference.render();
        String written = doc.substring(begin, end + ConfigurationReference.END.length() + 1);
        if (Boolean.getBoolean("configuration.doc.write") && !written.equals(generated)) {
            Files.writeString(DOC, doc.substring(0, begin) + generated + doc.substring(begin + written.length()));
            written = generated;
        }
        assertThat(written)
                .as(
                        "the settings in %s differ from Settings.java; run this test with -Dconfiguration.doc.write=true"
                                + " to rewrite them",
                        DOC)
                .isEqualTo(generated);
    }

    @Test
    void everySettingHasAnAccessorAndABuilderMethodAndNothingElseDoes() {
        Set<String> declared = Settings.ALL.stream().map(Setting::name).collect(Collectors.toSet());
        Set<String> accessors = Arrays.stream(RealtimeConfig.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
                .filter(m -> m.getParameterCount() == 0)
                .map(Method::getName)
                .filter(name -> !Set.of("toBuilder", "toString").contains(name))
                .collect(Collectors.toSet());
        Set<String> setters = Arrays.stream(RealtimeConfig.Builder.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()))
                .map(Method::getName)
                .filter(name -> !name.equals("build"))
                .collect(Collectors.toSet());
        assertThat(accessors).isEqualTo(declared);
        assertThat(setters).isEqualTo(declared);
        for (Setting<?> setting : Settings.ALL) {
            Method setter = Arrays.stream(RealtimeConfig.Builder.class.getMethods())
                    .filter(m -> m.getName().equals(setting.name()))
                    .findFirst()
                    .orElseThrow();
            assertThat(simple(setter.getGenericParameterTypes()[0].getTypeName()))
                    .as("the type %s takes", setting.name())
                    .isEqualTo(setting.format().javaType());
        }
    }

    @Test
    void theJavadocStatesTheDeclaredSummaryDefaultAndLimits() throws IOException {
        String source = Files.readString(SOURCE, StandardCharsets.UTF_8);
        Map<String, String> accessors = javadoc(ACCESSOR, source);
        Map<String, String> setters = javadoc(SETTER, source);
        for (Setting<?> setting : Settings.ALL) {
            assertThat(accessors.get(setting.name()))
                    .as("the Javadoc of RealtimeConfig.%s()", setting.name())
                    .isEqualTo("{@return " + ConfigurationReference.javadoc(setting.summary()) + "} Default "
                            + ConfigurationReference.javadoc(setting.defaultText()) + ".");
            assertThat(setters.get(setting.name()))
                    .as("the Javadoc of RealtimeConfig.Builder.%s", setting.name())
                    .startsWith("{@return this builder, with {@link RealtimeConfig#" + setting.name() + "()} set}")
                    .endsWith("@param value "
                            + ConfigurationReference.javadoc(setting.format().limits()));
        }
    }

    @Test
    void everyExampleIsAccepted() {
        for (Setting<?> setting : Settings.ALL) {
            if (setting.contextParameter().isEmpty()) {
                continue;
            }
            RealtimeConfig read = RealtimeConfig.defaults()
                    .withParameters(List.of(setting.contextParameter().get()), name -> setting.example());
            assertThat(read.toString())
                    .as("the example of %s changes it", setting.name())
                    .startsWith("RealtimeConfig[" + setting.name() + "=");
        }
    }

    @Test
    void propertiesAreTheNamesInKebabCase() {
        assertThat(Settings.HISTORY_MAX_EVENTS.property()).contains("realtime.history-max-events");
        assertThat(Settings.MAX_TAB_ATTRIBUTES.property()).contains("realtime.max-tab-attributes");
        assertThat(Settings.SSE_RETRY.property()).contains("realtime.sse-retry");
        assertThat(Settings.BACKPLANE.property()).isEmpty();
    }

    /** @return each method's Javadoc, on one line, by method name */
    private static Map<String, String> javadoc(Pattern method, String source) {
        Map<String, String> found = new LinkedHashMap<>();
        Matcher m = method.matcher(source);
        while (m.find()) {
            String text = Arrays.stream(m.group(1).split("\n"))
                    .map(line -> line.strip().replaceFirst("^\\* ?", ""))
                    .filter(line -> !line.isEmpty())
                    .collect(Collectors.joining(" "));
            found.put(m.group(2), text);
        }
        return found;
    }

    /** @return a type name without its packages: {@code Set<String>} */
    private static String simple(String typeName) {
        return typeName.replaceAll("\\b[a-z][a-z0-9]*\\.", "");
    }
}
