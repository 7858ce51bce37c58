package io.realtime.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's steps for the standalone containers run as written: downloads name the dependency plugin in full
 * (so they work offline and outside the checkout), and the Tomcat they install is one the README recommends.
 */
class ReadmeCommandsTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path POM = Path.of("..", "pom.xml");

    @Test
    void everyDownloadNamesTheDependencyPluginInFull() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        String plugin = "org.apache.maven.plugins:maven-dependency-plugin:" + pomProperty("dependency-plugin.version")
                + ":copy";
        List<String> downloads = matches(readme, "\\S*dependency(?:-plugin)?\\S*:copy");
        assertThat(downloads).isNotEmpty().allSatisfy(goal -> assertThat(goal).isEqualTo(plugin));
    }

    @Test
    void theTomcatStepsInstallTheVersionTheReadmeRecommends() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        Matcher minimum = Pattern.compile("(?i)use (11\\.0\\.\\d+) or later").matcher(readme);
        assertThat(minimum.find())
                .as("the README states the Tomcat it recommends")
                .isTrue();
        List<String> installed = matches(readme, "apache-tomcat-(11\\.0\\.\\d+)");
        assertThat(installed).isNotEmpty();
        for (String version : installed) {
            assertThat(patch(version))
                    .as("apache-tomcat-%s in the README's steps", version)
                    .isGreaterThanOrEqualTo(patch(minimum.group(1)));
        }
    }

    @Test
    void theJettyStepsInstallTheJettyTheBuildTests() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        assertThat(matches(readme, "jetty-home-(12\\.\\d+\\.\\d+)"))
                .isNotEmpty()
                .containsOnly(pomProperty("jetty.version"));
    }

    private static int patch(String version) {
        return Integer.parseInt(version.substring(version.lastIndexOf('.') + 1));
    }

    private static List<String> matches(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        List<String> found = new ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.groupCount() == 0 ? matcher.group() : matcher.group(1));
        }
        return found;
    }

    private static String pomProperty(String name) throws IOException {
        Matcher matcher = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</")
                .matcher(Files.readString(POM, StandardCharsets.UTF_8));
        assertThat(matcher.find()).as("%s declares %s", POM, name).isTrue();
        return matcher.group(1);
    }
}
