package io.realtime.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A subscriber over long-poll: {@code GET /feed/<topic>?transport=poll&cursor=<c>} in a loop (docs/protocol.md,
 * "Long-poll"), each poll from the cursor of the last event processed. A {@code 204} asks again with the same
 * cursor (after {@code Retry-After} when the server sent one); a pause delays the next poll.
 */
final class PollSubscriber extends Subscriber {

    private static final int HOLD_SECONDS = 5;

    private volatile CompletableFuture<?> exchange;

    PollSubscriber(Crowd crowd, int number, String topic) {
        super(crowd, number, topic);
    }

    @Override
    String transport() {
        return "poll";
    }

    @Override
    String negotiationPath() {
        return "/feed/" + topic();
    }

    @Override
    void open(URI node, Position from, String token, long generation) {
        URI uri = node.resolve("/feed/" + topic() + "?transport=poll&timeout=" + HOLD_SECONDS + "&cursor="
                + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(HOLD_SECONDS + 25));
        if (token != null) {
            request.header("Realtime-Token", token);
        }
        exchange = clients()
                .http()
                .sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .whenComplete((response, failure) -> {
                    if (failure != null) {
                        ended(generation, "failed: " + rootCause(failure));
                    } else {
                        answered(node, token, generation, response);
                    }
                });
    }

    private void answered(URI node, String token, long generation, HttpResponse<String> response) {
        int status = response.statusCode();
        long delay = pauseNanos();
        if (status == 204) {
            String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
            if (retryAfter != null) {
                tally().saw("poll status 204 with Retry-After");
                delay = Math.max(delay, TimeUnit.SECONDS.toNanos(Long.parseLong(retryAfter)));
            }
        } else if (status != 200) {
            ended(generation, "status " + status);
            return;
        } else if (!read(generation, response.body())) {
            return;
        }
        opened(generation);
        if (!current(generation)) {
            return;
        }
        Runnable next = () -> {
            if (current(generation)) {
                open(node, ledger().position(), token, generation);
            }
        };
        if (delay > 0) {
            clients().scheduler().schedule(next, delay, TimeUnit.NANOSECONDS);
        } else {
            next.run();
        }
    }

    private boolean read(long generation, String body) {
        JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (IOException e) {
            ended(generation, "unreadable answer");
            return false;
        }
        if (answer.path("reset").asBoolean(false)) {
            reset(generation, answer.path("cursor").asText());
            return true;
        }
        for (JsonNode event : answer.path("events")) {
            String name = event.path("event").asText();
            if (name.equals("message")) {
                event(
                        generation,
                        event.path("id").asText(null),
                        event.path("data").toString());
            } else {
                tally().saw("poll event " + name);
            }
        }
        return true;
    }

    @Override
    void abort() {
        CompletableFuture<?> pending = exchange;
        if (pending != null) {
            pending.cancel(true);
        }
    }
}
