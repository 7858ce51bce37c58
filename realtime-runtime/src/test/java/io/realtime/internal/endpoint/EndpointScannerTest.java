package io.realtime.internal.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.realtime.runtime.DeploymentException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The scan as a whole: every problem of every class at once. The rules have a negative test each, by family:
 * {@link ServiceRulesTest}, {@link DeclarationRulesTest}, {@link PathRulesTest}, {@link ParameterRulesTest} and
 * {@link ReturnTypeRulesTest}.
 */
class EndpointScannerTest {

    private static final Path PACKAGE = Path.of("io", "realtime", "internal", "endpoint");
    private static final Pattern RULE = Pattern.compile("\"([a-z]+(?:-[a-z]+)+)\"\\)");
    private static final Pattern ASSERTED = Pattern.compile("\"([a-z]+(?:-[a-z]+)+)\"\\)|\\[rule: ([a-z-]+)]");

    @Test
    void everyProblemOfEveryClassIsReportedAtOnce() {
        DeploymentException e = catchThrowableOfType(
                DeploymentException.class,
                () -> Scans.deploy(List.of(
                        DeclarationRulesTest.Static.class,
                        ParameterRulesTest.TwoSinks.class,
                        ServiceRulesTest.Plain.class)));
        assertThat(e.problems())
                .hasSize(3)
                .anySatisfy(p -> assertThat(p).contains("instance-method"))
                .anySatisfy(p -> assertThat(p).contains("sink-single"))
                .anySatisfy(p -> assertThat(p).contains("no-endpoints"));
        assertThat(e.getMessage()).startsWith("3 invalid endpoints:");
    }

    @Test
    void everyRuleHasANegativeTest() throws IOException {
        Set<String> rules = tags(Path.of("src", "main", "java").resolve(PACKAGE), RULE);
        Set<String> tested = tags(Path.of("src", "test", "java").resolve(PACKAGE), ASSERTED);
        assertThat(rules).as("the rules the scanner reports").hasSizeGreaterThanOrEqualTo(19);
        assertThat(tested).as("the rules the tests assert").containsAll(rules);
    }

    private static Set<String> tags(Path directory, Pattern pattern) throws IOException {
        Set<String> tags = new TreeSet<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = pattern.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (m.find()) {
                    tags.add(m.group(1) != null ? m.group(1) : m.group(2));
                }
            }
        }
        return tags;
    }
}
