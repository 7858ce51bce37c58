package io.realtime.internal.endpoint;

import static io.realtime.internal.endpoint.Scans.assertRule;
import static io.realtime.internal.endpoint.Scans.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Stream;
import io.realtime.Topic;
import org.junit.jupiter.api.Test;

/** One negative test per rule of a service class as a whole. */
class ServiceRulesTest {

    public abstract static class Abstract {
        @Stream("/a")
        public Topic<String> a() {
            return null;
        }
    }

    public static class NoUsableConstructor {
        public NoUsableConstructor(String required) {}

        @Stream("/a")
        public Topic<String> a() {
            return null;
        }
    }

    @Test
    void serviceConstructor() {
        assertRule(Abstract.class, "a", "service-constructor");
        assertThat(assertRule(NoUsableConstructor.class, "a", "service-constructor"))
                .contains("needs a public no-arg constructor");
    }

    public static class Plain {
        public Topic<String> notAnnotated() {
            return null;
        }
    }

    @Test
    void noEndpoints() {
        assertThat(problem(Plain.class)).contains(Plain.class.getName()).endsWith("[rule: no-endpoints]");
    }
}
