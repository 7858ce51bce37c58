package io.realtime.internal.outbound;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtime.internal.Json;
import io.realtime.internal.topic.TopicReader;
import io.realtime.internal.topic.TopicRegistry;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A reader is followed only by the subscription that subscribed it; once the connection has closed, a follow that
 * comes late (a WebSocket's delivery starts after a grace for the client's cursor) is nothing to report: a client
 * that reconnects in a loop closes within that grace every time, and each used to leave a stack trace in the log.
 */
class FollowedTopicsTest {

    private final TopicRegistry registry =
            new TopicRegistry(Optional.empty(), new Json(new ObjectMapper()), 10, 60_000, 10);

    @Test
    void aReaderFollowedAfterTheConnectionClosedIsIgnoredQuietly() {
        FollowedTopics topics = new FollowedTopics();
        TopicReader reader = topics.subscribe(registry, new TopicRegistry.Source("room", false), null, () -> {});
        topics.close();

        assertThatCode(() -> topics.check(null, reader)).doesNotThrowAnyException();
    }

    @Test
    void aReaderThisConnectionDidNotSubscribeIsRefusedWhileItIsOpen() {
        FollowedTopics topics = new FollowedTopics();
        topics.subscribe(registry, new TopicRegistry.Source("room", false), null, () -> {});
        TopicReader other =
                new FollowedTopics().subscribe(registry, new TopicRegistry.Source("room", false), null, () -> {});

        assertThatThrownBy(() -> topics.check(null, other))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Follow the reader this subscription subscribed");
    }
}
