package io.realtime.samples.notifications;

import io.realtime.RealtimeException;
import io.realtime.Topics;
import io.realtime.samples.JsonApi;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * {@code POST /api/notifications} with {@code {"text":"..."}} (1 to 200 characters, as {@code application/json})
 * adds a notification to the caller's own feed, the one of its cookie session (started here if it has none), and
 * answers {@code 202 {"id":"<cursor>"}}; when the runtime refuses the publication
 * (a {@link RealtimeException}), its status and JSON error. This is how any code of an application publishes: through
 * {@link Topics#from}.
 */
@WebServlet("/api/notifications")
public class NotificationsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int MAX_TEXT = 200;

    /** The request body. */
    record Posted(String text) {}

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            Posted posted = JsonApi.read(request, Posted.class);
            String text = posted.text() == null ? "" : posted.text().strip();
            if (text.isEmpty() || text.length() > MAX_TEXT) {
                throw new JsonApi.Refusal(
                        400, "bad_request", "Send {\"text\":\"...\"} of 1 to " + MAX_TEXT + " characters");
            }
            String at = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
            String id = Topics.from(getServletContext())
                    .<Notification>get(Feeds.topic(request.getSession(true)))
                    .publish("notification", new Notification(text, at));
            JsonApi.write(response, 202, Map.of("id", id));
        } catch (JsonApi.Refusal refusal) {
            JsonApi.refuse(response, refusal);
        } catch (RealtimeException refused) {
            JsonApi.refuse(response, refused);
        }
    }
}
