package io.realtime.samples.notifications;

import io.realtime.Push;
import io.realtime.RealtimeException;
import io.realtime.RealtimeSession;
import io.realtime.Topic;
import io.realtime.Topics;
import jakarta.servlet.http.HttpSession;

/**
 * A notification feed per cookie session, over long-poll: {@code GET /notifications?cursor=...} is held until a
 * notification follows the cursor. The method picks the caller's own topic from the {@link HttpSession} its tab
 * belongs to, so a browser hears only what was posted with its own cookie ({@link NotificationsServlet}); the
 * topic's history lets a poll that comes back (or a reloaded page) continue from its cursor.
 */
public class Notifications {

    private final Topics topics;

    /**
     * Created by the runtime, which finds this class by its annotation.
     *
     * @param topics the application's topics, one feed per session
     */
    public Notifications(Topics topics) {
        this.topics = topics;
    }

    /**
     * The caller's feed.
     *
     * @param session the caller's tab, whose cookie session chooses the feed
     * @return the feed's topic
     * @throws RealtimeException {@code 403 no_session} without a cookie session (the page starts one)
     */
    @Push("/notifications")
    public Topic<Notification> feed(RealtimeSession session) {
        HttpSession http = session.httpSession()
                .orElseThrow(() -> RealtimeException.of(
                        403, "no_session", "The feed belongs to a cookie session; open notifications.html first"));
        return topics.get(Feeds.topic(http));
    }
}
