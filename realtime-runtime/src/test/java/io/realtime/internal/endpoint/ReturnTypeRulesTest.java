package io.realtime.internal.endpoint;

import static io.realtime.internal.endpoint.Scans.assertRule;
import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.Connection;
import io.realtime.Duplex;
import io.realtime.EventSink;
import io.realtime.Push;
import io.realtime.Stream;
import io.realtime.Topic;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** One negative test per rule of what an endpoint method returns, given its parameters. */
class ReturnTypeRulesTest {

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

    public static class NeitherConnectionNorMessage {
        @Duplex("/a")
        public void nothing() {}
    }

    @Test
    void duplexRole() {
        assertRule(ConnectionAndMessage.class, "both", "duplex-role");
        assertThat(assertRule(NeitherConnectionNorMessage.class, "nothing", "duplex-role"))
                .contains("needs a message parameter");
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

    public static class ConnectionReturningString {
        @Duplex("/a")
        public String join(Connection<String> connection) {
            return "";
        }
    }

    @Test
    void returnTypeOfDuplex() {
        assertThat(assertRule(DuplexReplyingWithPublisher.class, "reply", "return-type"))
                .startsWith("@Duplex method")
                .contains("Publisher");
        assertThat(assertRule(ConnectionReturningString.class, "join", "return-type"))
                .contains("is a connection method, so it must return void or Topic<T>; it returns String");
    }
}
