package io.realtime.internal.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** One negative test per validation rule: each message names the class, the method and the rule. */
class EndpointScannerTest {

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
        Routes routes = EndpointScanner.scan(List.of(service), EndpointScannerTest::create);
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

    public static class SinkReturning {
        @Stream("/a")
        public Topic<String> both(EventSink<String> sink) {
            return null;
        }
    }

    @Test
    void sinkVoid() {
        assertRule(SinkReturning.class, "both", "sink-void");
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

    public static class RawWithReply {
        @Duplex("/a")
        public String echo(String text) {
            return text;
        }
    }

    @Test
    void rawMessageVoid() {
        assertRule(RawWithReply.class, "echo", "raw-message-void");
    }

    public static class ConnectionAndMessage {
        @Duplex("/a")
        public void both(Connection<String> connection, String message) {}
    }

    @Test
    void duplexRole() {
        assertRule(ConnectionAndMessage.class, "both", "duplex-role");
    }

    public static class StreamReturningString {
        @Stream("/a")
        public String value() {
            return "";
        }
    }

    @Test
    void returnTypeOfStream() {
        assertThat(assertRule(StreamReturningString.class, "value", "return-type"))
                .startsWith("@Stream method")
                .contains("returns String");
    }

    public static class PushReturningVoid {
        @Push("/a")
        public void nothing() {}
    }

    @Test
    void returnTypeOfPush() {
        assertThat(assertRule(PushReturningVoid.class, "nothing", "return-type"))
                .startsWith("@Push method")
                .contains("returns void");
    }

    public static class DuplexReplyingWithPublisher {
        @Duplex("/a")
        public Flow.Publisher<String> reply(String message) {
            return null;
        }
    }

    @Test
    void returnTypeOfDuplex() {
        assertThat(assertRule(DuplexReplyingWithPublisher.class, "reply", "return-type"))
                .startsWith("@Duplex method")
                .contains("Publisher");
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

    @Test
    void everyProblemOfEveryClassIsReportedAtOnce() {
        DeploymentException e = catchThrowableOfType(
                DeploymentException.class, () -> deploy(List.of(Static.class, TwoSinks.class, Plain.class)));
        assertThat(e.problems())
                .hasSize(3)
                .anySatisfy(p -> assertThat(p).contains("instance-method"))
                .anySatisfy(p -> assertThat(p).contains("sink-single"))
                .anySatisfy(p -> assertThat(p).contains("no-endpoints"));
        assertThat(e.getMessage()).startsWith("3 invalid endpoints:");
    }

    /** Scans as the runtime does, whose entry point reports the scanner's problems as a DeploymentException. */
    static Routes deploy(List<?> services) {
        try {
            return EndpointScanner.scan(services, EndpointScannerTest::create);
        } catch (InvalidEndpoints e) {
            throw new DeploymentException(e.problems());
        }
    }

    static DeploymentException deploymentFailure(Class<?> service) {
        DeploymentException e = catchThrowableOfType(DeploymentException.class, () -> deploy(List.of(service)));
        assertThat(e).as("deployment of " + service.getName() + " fails").isNotNull();
        return e;
    }

    private static String problem(Class<?> service) {
        DeploymentException e = deploymentFailure(service);
        assertThat(e.problems()).hasSize(1);
        return e.problems().get(0);
    }

    /** Asserts the one problem names the class, the method and the rule, and returns it. */
    private static String assertRule(Class<?> service, String method, String rule) {
        String problem = problem(service);
        assertThat(problem).contains(service.getName() + "." + method + "(").endsWith("[rule: " + rule + "]");
        return problem;
    }

    /** Creates services as the runtime does for classes without a Topics constructor; explains failures. */
    static Object create(Class<?> type) {
        try {
            return type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("needs a public no-arg constructor");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e.toString(), e);
        }
    }
}
