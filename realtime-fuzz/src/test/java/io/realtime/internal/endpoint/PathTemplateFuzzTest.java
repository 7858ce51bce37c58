package io.realtime.internal.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Path templates as annotations declare them, and request paths as clients send them. A template parses, or is
 * refused with the one declared exception, {@link IllegalArgumentException}, naming the rule; a parsed one maps
 * to a servlet pattern under its literal prefix. Matching any request path never throws; the parameters it
 * yields are non-empty and decoded, and encoding them again matches the same template with the same parameters.
 */
class PathTemplateFuzzTest {

    private static final List<PathTemplate> TEMPLATES = List.of(
            PathTemplate.parse("/chat/{room}"),
            PathTemplate.parse("/feed/{topic}/events"),
            PathTemplate.parse("/a/{x}/{y}"),
            PathTemplate.parse("/static/path"));

    @FuzzTest
    void template(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        PathTemplate template;
        try {
            template = PathTemplate.parse(text);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(template.servletPattern()).startsWith("/");
        assertThat(text).startsWith(template.servletPattern().replace("/*", ""));
        assertThat(template.shape()).doesNotContain("//");
        assertThat(template.variables()).doesNotHaveDuplicates();
    }

    @FuzzTest
    void match(FuzzedDataProvider data) {
        PathTemplate template = data.pickValue(TEMPLATES);
        String path = data.consumeRemainingAsString();
        Optional<Map<String, String>> matched = template.match(path);
        matched.ifPresent(parameters -> {
            assertThat(parameters.keySet()).containsExactlyElementsOf(template.variables());
            assertThat(parameters.values())
                    .allSatisfy(value -> assertThat(value).isNotEmpty());
            assertThat(template.match(rebuild(template, parameters))).contains(parameters);
        });
    }

    /** The template with each variable replaced by its value, percent-encoded. */
    private static String rebuild(PathTemplate template, Map<String, String> parameters) {
        StringBuilder path = new StringBuilder();
        String[] segments = template.toString().substring(1).split("/");
        for (String segment : segments) {
            path.append('/');
            if (segment.startsWith("{")) {
                String value = parameters.get(segment.substring(1, segment.length() - 1));
                path.append(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
            } else {
                path.append(segment);
            }
        }
        return path.toString();
    }
}
