package io.realtime.internal.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathTemplateTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "\"\"|must start with '/'",
                "rooms|must start with '/'",
                "/|must start with '/'",
                "/rooms/|must not end with '/'",
                "/rooms//x|empty segment",
                "/rooms/../x|'..' segment",
                "/rooms/./x|'.' segment",
                "/{room}|must start with a literal segment",
                "/rooms/{a}/{a}|names path parameter {a} twice",
                "/rooms/x{a}|neither a literal",
                "/rooms/{1a}|neither a literal",
                "/rooms/a b|neither a literal",
                "/rooms/%41|neither a literal",
                "/a/*&/b|neither a literal"
            })
    void parseErrorsNameTheBrokenRule(String text, String rule) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PathTemplate.parse(text))
                .withMessageContaining(rule);
    }

    @Test
    void variablesInOrder() {
        assertThat(PathTemplate.parse("/a/{x}/b/{y_1}").variables()).containsExactly("x", "y_1");
        assertThat(PathTemplate.parse("/a/b").variables()).isEmpty();
    }

    @Test
    void matchesWholeSegmentsOnly() {
        PathTemplate template = PathTemplate.parse("/rooms/{room}/log");
        assertThat(template.match("/rooms/lobby/log")).contains(Map.of("room", "lobby"));
        assertThat(template.match("/rooms/lobby")).isEmpty();
        assertThat(template.match("/rooms/lobby/log/x")).isEmpty();
        assertThat(template.match("/rooms//log")).isEmpty();
        assertThat(template.match("/Rooms/lobby/log")).isEmpty();
        assertThat(template.match("rooms/lobby/log")).isEmpty();
        assertThat(template.match("/rooms/lobby/log/")).isEmpty();
    }

    @Test
    void decodesEachSegmentOnItsOwn() {
        PathTemplate template = PathTemplate.parse("/files/{name}/{rest}");
        assertThat(template.match("/files/a%2Fb/c%20d")).contains(Map.of("name", "a/b", "rest", "c d"));
        assertThat(template.match("/files/%C3%A9t%C3%A9/x")).contains(Map.of("name", "été", "rest", "x"));
        assertThat(template.match("/files/a+b/x"))
                .as("'+' is a space only in queries")
                .contains(Map.of("name", "a+b", "rest", "x"));
    }

    @Test
    void malformedEncodingDoesNotMatch() {
        PathTemplate template = PathTemplate.parse("/files/{name}");
        assertThat(template.match("/files/%")).isEmpty();
        assertThat(template.match("/files/%4")).isEmpty();
        assertThat(template.match("/files/%zz")).isEmpty();
        assertThat(template.match("/files/%C3")).as("truncated UTF-8").isEmpty();
        assertThat(template.match("/files/%FF")).as("not UTF-8").isEmpty();
    }

    @Test
    void literalsWinOverVariablesAtTheFirstDifference() {
        Route variable = route("/rooms/{room}");
        Route literal = route("/rooms/lobby");
        Routes routes = new Routes(List.of(variable, literal));
        assertThat(routes.match("/rooms/lobby").orElseThrow().route()).isSameAs(literal);
        assertThat(routes.match("/rooms/other").orElseThrow().route()).isSameAs(variable);
        assertThat(routes.match("/rooms/other").orElseThrow().parameters()).isEqualTo(Map.of("room", "other"));
        assertThat(routes.match("/elsewhere")).isEmpty();
    }

    @Test
    void servletPatternIsTheLiteralPrefix() {
        assertThat(PathTemplate.parse("/prices").servletPattern()).isEqualTo("/prices");
        assertThat(PathTemplate.parse("/prices/{symbol}").servletPattern()).isEqualTo("/prices/*");
        assertThat(PathTemplate.parse("/a/b/{x}/c").servletPattern()).isEqualTo("/a/b/*");
        Routes routes = new Routes(List.of(route("/a/{x}"), route("/a/b"), route("/a/{x}/c")));
        assertThat(routes.servletPatterns()).containsExactlyInAnyOrder("/a/*", "/a/b");
    }

    @Test
    void shapeIgnoresVariableNames() {
        assertThat(PathTemplate.parse("/a/{x}/b").shape())
                .isEqualTo(PathTemplate.parse("/a/{y}/b").shape())
                .isEqualTo("/a/{}/b");
        assertThat(PathTemplate.parse("/a/x").toString()).isEqualTo("/a/x");
    }

    private static Route route(String path) {
        return new Route(PathTemplate.parse(path), Kind.STREAM, null, null);
    }
}
