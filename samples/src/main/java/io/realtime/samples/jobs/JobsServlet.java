package io.realtime.samples.jobs;

import io.realtime.samples.JsonApi;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/jobs} (content type {@code application/json}, body ignored) starts a simulated job and answers
 * {@code 202 {"id":"..."}} with the job's status URL in {@code Location}; {@code 503 busy} when too many run.
 */
@WebServlet("/api/jobs")
public class JobsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            JsonApi.requireJson(request);
        } catch (JsonApi.Refusal refusal) {
            JsonApi.refuse(response, refusal);
            return;
        }
        Optional<Job> job = Jobs.from(getServletContext()).start();
        if (job.isEmpty()) {
            response.setHeader("Retry-After", "5");
            JsonApi.refuse(response, new JsonApi.Refusal(503, "busy", "Too many jobs are running; try again soon"));
            return;
        }
        String id = job.get().id();
        response.setHeader("Location", request.getContextPath() + "/jobs/" + id + "/status");
        JsonApi.write(response, 202, Map.of("id", id));
    }
}
