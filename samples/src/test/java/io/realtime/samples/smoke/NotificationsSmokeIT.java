package io.realtime.samples.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.testing.PollEvent;
import io.realtime.testing.PollRecorder;
import io.realtime.testing.Visitor;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Notifications: a feed per cookie session over long-poll, filled by {@code POST /api/notifications}. The tabs of
 * one browser share its cookie session, so its feed; each has its own tab token, as {@code realtime.js} keeps.
 */
@ParameterizedClass
@EnumSource(Container.class)
@ExtendWith(Container.Cleanup.class)
class NotificationsSmokeIT {

    private static final String FEED = "/notifications?timeout=5";

    private final Samples samples;

    NotificationsSmokeIT(Container container) {
        this.samples = container.samples();
    }

    @Test
    void twoTabsOfOneSessionShareItsFeedAndAnotherSessionHearsNothing() {
        Visitor alice = signedIn();
        Visitor bob = signedIn();
        Visitor.Tab first = alice.tab().negotiate("/notifications");
        Visitor.Tab second = alice.tab().negotiate("/notifications");
        assertThat(first.id()).isNotEqualTo(second.id());
        try (PollRecorder aliceFirst = feed(first.poll(FEED));
                PollRecorder aliceSecond = feed(second.poll(FEED));
                PollRecorder bobs = feed(bob.tab().negotiate("/notifications").poll(FEED))) {
            HttpResponse<String> posted =
                    samples.postJson(alice, "/api/notifications", "{\"text\":\"Build 42 passed\"}");
            assertThat(posted.statusCode()).isEqualTo(202);

            PollEvent notification = aliceFirst.next();
            assertThat(notification.event()).isEqualTo("notification");
            assertThat(notification.data()).matches("\\{\"text\":\"Build 42 passed\",\"at\":\"[0-9T:.-]+Z\"}");
            assertThat(posted.body()).isEqualTo("{\"id\":\"" + notification.id() + "\"}");
            assertThat(aliceSecond.next()).isEqualTo(notification);
            bobs.assertNoMoreEvents(Duration.ofMillis(500));

            assertThat(samples.postJson(bob, "/api/notifications", "{\"text\":\"For bob\"}")
                            .statusCode())
                    .isEqualTo(202);
            assertThat(bobs.next().data()).startsWith("{\"text\":\"For bob\"");
            aliceFirst.assertNoMoreEvents(Duration.ofMillis(300));
            aliceSecond.assertNoMoreEvents(Duration.ofMillis(100));
        }
    }

    @Test
    void aFeedNeedsACookieSessionAndBadPostsChangeNothing() {
        HttpResponse<String> anonymous = samples.get("/notifications");
        assertThat(anonymous.statusCode()).isEqualTo(403);
        assertThat(anonymous.body()).contains("\"code\":\"no_session\"");

        Visitor carol = signedIn();
        // A poll without a token, as curl makes: a tab of its own request, in carol's cookie session all the same.
        try (PollRecorder feed = feed(carol.tab().poll(FEED))) {
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
            assertThat(samples.postJson(carol, "/api/notifications", "{\"text\":\"a good one\"}")
                            .statusCode())
                    .isEqualTo(202);
            assertThat(feed.next().data()).startsWith("{\"text\":\"a good one\"");
        }
    }

    /** A browser whose cookie session was started by loading the page, before its tabs negotiate. */
    private Visitor signedIn() {
        Visitor browser = samples.visitor();
        assertThat(samples.get(browser, "/notifications.html").statusCode()).isEqualTo(200);
        return browser;
    }

    /** Returns the feed once its first poll has told the head, so that it hears everything posted from now. */
    private static PollRecorder feed(PollRecorder feed) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (feed.cursor() == null) {
            assertThat(feed.stopReason()).as("the feed stopped").isNull();
            assertThat(System.nanoTime()).as("the first poll's answer").isLessThan(deadline);
            Thread.onSpinWait();
        }
        return feed;
    }
}
