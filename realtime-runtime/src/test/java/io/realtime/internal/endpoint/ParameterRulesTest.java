package io.realtime.internal.endpoint;

import static io.realtime.internal.endpoint.Scans.assertRule;
import static io.realtime.internal.endpoint.Scans.deploymentFailure;
import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.EventSink;
import io.realtime.PathParam;
import io.realtime.Push;
import io.realtime.RealtimeSession;
import io.realtime.Stream;
import io.realtime.Topic;
import io.realtime.runtime.DeploymentException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One negative test per rule of an endpoint method's parameters, and what they are bound to. */
class ParameterRulesTest {

    public static class UnknownPathParam {
        @Stream("/rooms/{room}")
        public Topic<String> room(@PathParam("name") String name) {
            return null;
        }
    }

    @Test
    void pathParamUnknown() {
        assertThat(assertRule(UnknownPathParam.class, "room", "path-param-unknown"))
                .contains("@PathParam(\"name\")")
                .contains("[room]");
    }

    public static class DoublePathParam {
        @Stream("/rates/{rate}")
        public Topic<String> rate(@PathParam("rate") double rate) {
            return null;
        }
    }

    @Test
    void pathParamType() {
        assertThat(assertRule(DoublePathParam.class, "rate", "path-param-type")).contains("double");
    }

    public static class UnknownParameter {
        @Stream("/a")
        public Topic<String> query(int limit, String filter) {
            return null;
        }
    }

    @Test
    void parameterUnknownNamesThePositionAndType() {
        DeploymentException e = deploymentFailure(UnknownParameter.class);
        assertThat(e.problems()).hasSize(2);
        assertThat(e.problems().get(0)).contains("parameter 1 (int").endsWith("[rule: parameter-unknown]");
        assertThat(e.problems().get(1)).contains("parameter 2 (String").endsWith("[rule: parameter-unknown]");
        assertThat(e.getMessage()).doesNotContain("arg0");
    }

    public static class SessionParameter {
        RealtimeSession seen;

        @Stream("/a")
        public Topic<String> mine(RealtimeSession session) {
            seen = session;
            return null;
        }
    }

    @Test
    void realtimeSessionIsInjected() throws Exception {
        SessionParameter service = new SessionParameter();
        Routes routes = Scans.deploy(List.of(service));
        RealtimeSession session = (RealtimeSession) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {RealtimeSession.class}, (proxy, method, args) -> null);
        routes.match("/a").orElseThrow().route().main().invoke(new Call(Map.of(), session));
        assertThat(service.seen).isSameAs(session);
    }

    public static class PushWithSink {
        @Push("/a")
        public Topic<String> push(EventSink<String> sink) {
            return null;
        }
    }

    @Test
    void sinkMisplaced() {
        assertRule(PushWithSink.class, "push", "sink-misplaced");
    }

    public static class TwoSinks {
        @Stream("/a")
        public void twice(EventSink<String> one, EventSink<String> two) {}
    }

    @Test
    void sinkSingle() {
        assertRule(TwoSinks.class, "twice", "sink-single");
    }

    public static class StreamWithConnection {
        @Stream("/a")
        public Topic<String> stream(Connection<String> connection) {
            return null;
        }
    }

    @Test
    void connectionMisplaced() {
        assertRule(StreamWithConnection.class, "stream", "connection-misplaced");
    }

    public static class TwoConnections {
        @Duplex("/a")
        public void twice(Connection<String> one, Connection<String> two) {}
    }

    @Test
    void connectionSingle() {
        assertRule(TwoConnections.class, "twice", "connection-single");
    }

    public static class TwoMessages {
        @Duplex("/a")
        public void twice(String one, String two) {}
    }

    @Test
    void messageSingle() {
        assertRule(TwoMessages.class, "twice", "message-single");
    }
}
