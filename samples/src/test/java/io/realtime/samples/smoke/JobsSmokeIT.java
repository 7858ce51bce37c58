package io.realtime.samples.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.testing.SseEvent;
import io.realtime.testing.SseRecorder;
import io.realtime.testing.Visitor;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Job progress: {@code POST /api/jobs} answers an id, {@code /jobs/{id}} streams {@code progress} then {@code done}
 * and ends, {@code /jobs/{id}/status} is a short poll with {@code ETag} and {@code 304}.
 */
@ParameterizedClass
@EnumSource(Container.class)
@ExtendWith(Container.Cleanup.class)
class JobsSmokeIT {

    private static final Pattern ID = Pattern.compile("\\{\"id\":\"([0-9a-f-]{36})\"}");
    private static final int STEPS = 20; // of a sample job, 5 % each
    private static final Pattern PERCENT = Pattern.compile("\\{\"percent\":(\\d+)}");

    private final Samples samples;
    private final Visitor browser;

    JobsSmokeIT(Container container) {
        this.samples = container.samples();
        this.browser = samples.visitor();
    }

    @Test
    void aJobStreamsItsProgressThenDoneThenTheStreamEnds() {
        String id = start();
        try (SseRecorder job = samples.sse("/jobs/" + id)) {
            List<Integer> percents = new ArrayList<>();
            SseEvent event = job.next();
            while (event.event().equals("progress")) {
                percents.add(percent(event));
                event = job.next();
            }
            assertThat(event.event()).isEqualTo("done");
            assertThat(percent(event)).isEqualTo(100);
            assertThat(percents).isNotEmpty().isSorted().last().isEqualTo(100);
            assertThat(job.next().event()).isEqualTo("end"); // the client is told not to reconnect
            job.awaitEnd(Duration.ofSeconds(5));
        }
    }

    @Test
    void aClientThatDropsMidJobResumesWithExactlyTheEventsItMissed() {
        String id = start();
        List<SseEvent> before;
        try (SseRecorder job = samples.sse("/jobs/" + id)) {
            before = job.next(3); // 0, 5 and 10 %: the job goes on while the client is away
        }
        assertThat(before).extracting(SseEvent::event).containsOnly("progress");
        try (SseRecorder job = samples.sse("/jobs/" + id, before.get(2).id())) {
            List<SseEvent> after = job.next(STEPS - 2 + 2); // 15 .. 100 %, done, end
            List<SseEvent> all = new ArrayList<>(before);
            all.addAll(after);
            assertThat(all.subList(0, STEPS + 1))
                    .extracting(JobsSmokeIT::percent)
                    .containsExactlyElementsOf(IntStream.rangeClosed(0, STEPS)
                            .mapToObj(step -> step * 100 / STEPS)
                            .toList());
            assertThat(all.subList(STEPS + 1, all.size()))
                    .extracting(SseEvent::event)
                    .containsExactly("done", "end");
            String epoch = before.get(0).id().substring(0, before.get(0).id().indexOf(':'));
            assertThat(all)
                    .extracting(SseEvent::id)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, all.size())
                            .mapToObj(offset -> epoch + ':' + offset)
                            .toList());
            job.awaitEnd(Duration.ofSeconds(5));
        }
    }

    @Test
    void theStatusIsAShortPollWithAnETag() {
        String id = start();
        HttpResponse<String> running = samples.get("/jobs/" + id + "/status");
        assertThat(running.statusCode()).isEqualTo(200);
        assertThat(running.body()).matches("\\{\"id\":\"" + id + "\",\"percent\":\\d+,\"state\":\"(running|done)\"}");
        try (SseRecorder job = samples.sse("/jobs/" + id)) {
            while (!job.next().event().equals("done")) {
                // follow the stream to the end of the job
            }
        }
        HttpResponse<String> done = samples.get("/jobs/" + id + "/status");
        assertThat(done.body()).isEqualTo("{\"id\":\"" + id + "\",\"percent\":100,\"state\":\"done\"}");
        String etag = done.headers().firstValue("ETag").orElseThrow();
        assertThat(running.headers().firstValue("ETag"))
                .isNotEqualTo(done.headers().firstValue("ETag"));

        HttpResponse<String> unchanged = samples.get("/jobs/" + id + "/status", "If-None-Match", etag);
        assertThat(unchanged.statusCode()).isEqualTo(304);
        assertThat(unchanged.body()).isEmpty();
        String stale = running.headers().firstValue("ETag").orElseThrow();
        assertThat(samples.get("/jobs/" + id + "/status", "If-None-Match", stale)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void badRequestsGetClearErrors() {
        HttpResponse<String> form = samples.post(browser, "/api/jobs", "application/x-www-form-urlencoded", "a=b");
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(form.body()).contains("\"code\":\"unsupported_media_type\"");

        HttpResponse<String> unknown = samples.get("/jobs/00000000-0000-0000-0000-000000000000/status");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"code\":\"not_found\"");
        assertThat(samples.get("/jobs/00000000-0000-0000-0000-000000000000", "Accept", "text/event-stream")
                        .statusCode())
                .isEqualTo(404);
    }

    private String start() {
        HttpResponse<String> started = samples.postJson(browser, "/api/jobs", "{}");
        assertThat(started.statusCode()).isEqualTo(202);
        Matcher id = ID.matcher(started.body());
        assertThat(id.matches()).as(started.body()).isTrue();
        assertThat(started.headers().firstValue("Location"))
                .hasValue(Container.CONTEXT + "/jobs/" + id.group(1) + "/status");
        return id.group(1);
    }

    private static int percent(SseEvent event) {
        Matcher percent = PERCENT.matcher(event.data());
        assertThat(percent.matches()).as(event.data()).isTrue();
        return Integer.parseInt(percent.group(1));
    }
}
