package io.realtime.internal.endpoint;

import static io.realtime.internal.endpoint.Scans.assertRule;
import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.PathParam;
import io.realtime.Stream;
import io.realtime.Topic;
import org.junit.jupiter.api.Test;

/** One negative test per rule of endpoint paths. */
class PathRulesTest {

    public static class BadPath {
        @Stream("no-slash")
        public Topic<String> relative() {
            return null;
        }
    }

    @Test
    void pathSyntax() {
        assertThat(assertRule(BadPath.class, "relative", "path-syntax")).contains("\"no-slash\"");
    }

    public static class Clash {
        @Stream("/rooms/{a}")
        public Topic<String> first(@PathParam("a") String a) {
            return null;
        }

        @Stream("/rooms/{b}")
        public Topic<String> second(@PathParam("b") String b) {
            return null;
        }
    }

    @Test
    void pathClash() {
        assertThat(assertRule(Clash.class, "second", "path-clash")).contains(Clash.class.getName() + ".first(");
    }
}
