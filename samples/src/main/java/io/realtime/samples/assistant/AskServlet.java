package io.realtime.samples.assistant;

import io.realtime.samples.JsonApi;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/answers} with {@code {"question":"..."}} (content type {@code application/json}) starts an
 * answer for this cookie session (created if need be) and answers {@code 202 {"id":"..."}}, the id to follow at
 * {@code /answers/{id}} from this browser; {@code 400} for a missing,
 * blank or too long question, {@code 503 busy} when too many answers are being generated.
 */
@WebServlet("/api/answers")
public class AskServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The request's body. */
    public record Question(String question) {}

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Question asked;
        try {
            asked = JsonApi.read(request, Question.class);
        } catch (JsonApi.Refusal refusal) {
            JsonApi.refuse(response, refusal);
            return;
        }
        String question = asked.question() == null ? "" : asked.question().strip();
        if (question.isEmpty() || question.length() > Answers.MAX_QUESTION) {
            JsonApi.refuse(
                    response,
                    new JsonApi.Refusal(
                            400, "bad_request", "Ask a question of 1 to " + Answers.MAX_QUESTION + " characters"));
            return;
        }
        Optional<String> id = Answers.from(getServletContext())
                .ask(question, request.getSession(true).getId());
        if (id.isEmpty()) {
            response.setHeader("Retry-After", "5");
            JsonApi.refuse(
                    response, new JsonApi.Refusal(503, "busy", "Too many answers are being written; ask again soon"));
            return;
        }
        JsonApi.write(response, 202, Map.of("id", id.get()));
    }
}
