package io.realtime.internal.endpoint;

import static io.realtime.internal.endpoint.Scans.assertRule;

import io.realtime.Push;
import io.realtime.Stream;
import io.realtime.Topic;
import org.junit.jupiter.api.Test;

/** One negative test per rule of how an endpoint method is declared. */
class DeclarationRulesTest {

    public static class TwoAnnotations {
        @Stream("/a")
        @Push("/a")
        public Topic<String> both() {
            return null;
        }
    }

    @Test
    void oneAnnotation() {
        assertRule(TwoAnnotations.class, "both", "one-annotation");
    }

    public static class NotPublic {
        @Stream("/a")
        Topic<String> hidden() {
            return null;
        }
    }

    @Test
    void publicMethod() {
        assertRule(NotPublic.class, "hidden", "public-method");
    }

    public static class Static {
        @Stream("/a")
        public static Topic<String> shared() {
            return null;
        }
    }

    @Test
    void instanceMethod() {
        assertRule(Static.class, "shared", "instance-method");
    }
}
