package io.realtime.samples.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.testing.PollEvent;
import io.realtime.testing.PollRecorder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Notifications: a feed per cookie session over long-poll, filled by {@code POST /api/notifications}. */
@ParameterizedClass
@EnumSource(Container.class)
@ExtendWith(Container.Cleanup.class)
class NotificationsSmokeIT {

    private final Samples samples;

    NotificationsSmokeIT(Container container) {
        this.samples = container.samples();
    }

    @Test
    void aPostReachesTheCallersOwnFeedAndNoOtherSessions() {
        HttpClient alice = signedIn();
        HttpClient bob = signedIn();
        try (PollRecorder aliceFeed = feed(alice);
                PollRecorder bobFeed = feed(bob)) {
            HttpResponse<String> posted =
                    samples.postJson(alice, "/api/notifications", "{\"text\":\"Build 42 passed\"}");
            assertThat(posted.statusCode()).isEqualTo(202);

            PollEvent notification = aliceFeed.next();
            assertThat(notification.event()).isEqualTo("notification");
            assertThat(notification.data()).matches("\\{\"text\":\"Build 42 passed\",\"at\":\"[0-9T:.-]+Z\"}");
            assertThat(posted.body()).isEqualTo("{\"id\":\"" + notification.id() + "\"}");
            bobFeed.assertNoMoreEvents(Duration.ofMillis(500));
            aliceFeed.assertNoMoreEvents(Duration.ofMillis(100));
        }
    }

    @Test
    void aFeedNeedsACookieSessionAndBadPostsChangeNothing() {
        HttpResponse<String> anonymous = samples.get("/notifications");
        assertThat(anonymous.statusCode()).isEqualTo(403);
        assertThat(anonymous.body()).contains("\"code\":\"no_session\"");

        HttpClient carol = signedIn();
        try (PollRecorder feed = feed(carol)) {
            assertThat(samples.postJson(carol, "/api/notifications", "{\"text\":\"\"}")
                            .statusCode())
                    .isEqualTo(400);
            assertThat(samples.postJson(carol, "/api/notifications", "not json").statusCode())
                    .isEqualTo(400);
            assertThat(samples.post(carol, "/api/notifications", "text/plain", "{\"text\":\"hi\"}")
                            .statusCode())
                    .isEqualTo(415);
            assertThat(samples.postJson(carol, "/api/notifications", "{\"text\":\"" + "x".repeat(201) + "\"}")
                            .statusCode())
                    .isEqualTo(400);
            feed.assertNoMoreEvents(Duration.ofMillis(300));
        }
    }

    /** A browser whose cookie session was started by loading the page. */
    private HttpClient signedIn() {
        HttpClient browser = samples.browser();
        assertThat(samples.get(browser, "/notifications.html").statusCode()).isEqualTo(200);
        return browser;
    }

    /** Follows the browser's feed from now: returns once the first poll has told the head. */
    private PollRecorder feed(HttpClient browser) {
        PollRecorder feed = PollRecorder.start(browser, samples.uri("/notifications?timeout=5"), null, Map.of());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (feed.cursor() == null) {
            assertThat(feed.stopReason()).as("the feed stopped").isNull();
            assertThat(System.nanoTime()).as("the first poll's answer").isLessThan(deadline);
            Thread.onSpinWait();
        }
        return feed;
    }
}
