package io.realtime.samples.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.testing.Await;
import io.realtime.testing.PollRecorder;
import io.realtime.testing.SseEvent;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.Visitor;
import io.realtime.testing.WebSocketRecorder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Graceful drain when a standalone server stops, as {@code Ctrl-C} stops it (docs/containers.md, "Graceful drain"):
 * a chat WebSocket closes with {@code 1001}, the ticker's stream gets its final {@code reconnect} and ends, and a
 * waiting notifications poll is answered {@code 204}, although every one of them belongs to a cookie session that
 * the server ends as it stops. Each run starts a server of its own, in {@code samples.work/stop}, and stops it.
 *
 * <p>A standalone Jetty's {@code Server.stop()} closes the connectors, and every connection with them, before it
 * stops the contexts: there the runtime says goodbye as it hears the server begin to stop, so its clients hear the
 * same as Tomcat's. Not on GlassFish: {@code asadmin stop-domain} lets the goodbyes through when the machine is
 * idle, but not when it is loaded, where the server's process ends while its applications stop, and connections
 * break mid-event.
 */
@ParameterizedClass
@EnumSource(
        value = Container.class,
        names = {"TOMCAT", "JETTY", "WILDFLY"})
class StandaloneStopIT {

    private static final Duration PROMPTLY = Duration.ofSeconds(10);

    private final Container container;

    StandaloneStopIT(Container container) {
        this.container = container;
    }

    @Test
    void stoppingTheServerTellsEveryClientToReconnect() throws IOException {
        Path work = Container.location("samples.work").resolve("stop");
        Standalone server = container.standalone(Container.location("samples.war"), work);
        try {
            Samples samples = server.await(Container.CONTEXT);
            Visitor browser = samples.visitor();
            assertThat(samples.get(browser, "/notifications.html").statusCode())
                    .as("the page starts the cookie session")
                    .isEqualTo(200);
            Visitor.Tab tab = browser.tab().negotiate("/chat/stopping");
            try (WebSocketRecorder chat = tab.webSocket("/chat/stopping");
                    SseRecorder ticker = samples.sse("/ticker");
                    PollRecorder feed = tab.poll("/notifications?timeout=20")) {
                assertThat(chat.next()).as("the chat's welcome").contains("\"event\":\"welcome\"");
                assertThat(chat.next()).as("who is here, after the welcome").contains("\"event\":\"presence\"");
                assertThat(ticker.next().event()).isEqualTo("price");
                Await.until("the feed's first answer", () -> feed.cursor() != null, feed::toString);

                server.close(); // returns once the server's process has ended

                assertThat(chat.awaitClose(PROMPTLY, StandaloneStopIT::isPresence))
                        .isEqualTo(new WebSocketRecorder.Close(1001, goodbye()));
                assertThat(lastEvent(ticker).event()).isEqualTo("reconnect");
                ticker.awaitEnd(PROMPTLY);
                Await.until("the waiting poll answered", () -> feed.stopReason() != null, feed::toString);
                assertThat(feed.answers(204)).as(feed.toString()).isPositive();
                assertThat(feed.answers(401))
                        .as("no poll was told that its session ended")
                        .isZero();
            }
        } finally {
            server.close();
        }
    }

    /**
     * The reason of the WebSocket's {@code 1001}: the runtime's, except on WildFly, which suspends before it stops
     * its applications, and closes every WebSocket itself as it suspends, with {@code 1001} and no reason
     * (docs/containers.md).
     */
    private String goodbye() {
        return container == Container.WILDFLY ? "" : "server shutting down; reconnect";
    }

    /** Presence events come whenever the runtime sends them, so one may precede the goodbye. */
    private static boolean isPresence(String frame) {
        return frame.contains("\"event\":\"presence\"");
    }

    /** The stream's last event: prices may still precede the goodbye. */
    private static SseEvent lastEvent(SseRecorder stream) {
        for (; ; ) {
            SseEvent event = stream.next(PROMPTLY);
            if (!"price".equals(event.event())) {
                return event;
            }
        }
    }
}
