package io.realtime.chaos;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * A subscriber over Server-Sent Events: {@code GET /feed/<topic>} with {@code Last-Event-ID}, the stream parsed
 * as the WHATWG specification says a browser parses it (§9.2.6), read in small batches so that a pause holds
 * the server back through TCP as a slow page would.
 */
final class SseSubscriber extends Subscriber {

    private static final int BATCH = 64;

    private volatile Flow.Subscription subscription;
    private volatile CompletableFuture<?> exchange;

    SseSubscriber(Crowd crowd, int number, String topic) {
        super(crowd, number, topic);
    }

    @Override
    String transport() {
        return "sse";
    }

    @Override
    String negotiationPath() {
        return "/feed/" + topic();
    }

    @Override
    void open(URI node, Position from, String token, long generation) {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.resolve("/feed/" + topic()))
                .header("Accept", "text/event-stream")
                .header("Last-Event-ID", from.toString());
        if (token != null) {
            request.header("Realtime-Token", token);
        }
        Lines lines = new Lines(generation);
        exchange = clients()
                .http()
                .sendAsync(
                        request.build(),
                        info -> info.statusCode() == 200
                                ? HttpResponse.BodySubscribers.fromLineSubscriber(lines)
                                : HttpResponse.BodySubscribers.replacing(null))
                .whenComplete((response, failure) -> {
                    if (failure != null) {
                        ended(generation, "failed: " + rootCause(failure));
                    } else if (response.statusCode() != 200) {
                        ended(generation, "status " + response.statusCode());
                    }
                });
    }

    @Override
    void abort() {
        Flow.Subscription open = subscription;
        if (open != null) {
            open.cancel();
        }
        CompletableFuture<?> pending = exchange;
        if (pending != null) {
            pending.cancel(true);
        }
    }

    /** One stream's lines, assembled into events (WHATWG HTML §9.2.6, "Interpreting an event stream"). */
    private final class Lines implements Flow.Subscriber<String> {
        private final long generation;
        private final StringBuilder data = new StringBuilder();
        private Flow.Subscription lines;
        private String id;
        private String event = "";
        private int left;

        Lines(long generation) {
            this.generation = generation;
        }

        @Override
        public void onSubscribe(Flow.Subscription value) {
            lines = value;
            subscription = value;
            opened(generation);
            more();
        }

        @Override
        public void onNext(String line) {
            if (line.isEmpty()) {
                dispatch();
            } else if (!line.startsWith(":")) {
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + (line.startsWith(": ", colon) ? 2 : 1));
                switch (field) {
                    case "id" -> id = value;
                    case "event" -> event = value;
                    case "data" -> data.append(data.length() == 0 ? "" : "\n").append(value);
                    default -> {}
                }
            }
            if (--left == 0) {
                long pause = pauseNanos();
                if (pause > 0) {
                    clients().scheduler().schedule(this::more, pause, TimeUnit.NANOSECONDS);
                } else {
                    more();
                }
            }
        }

        private void more() {
            left = BATCH;
            lines.request(BATCH);
        }

        private void dispatch() {
            if (data.length() > 0) {
                String name = event.isEmpty() ? "message" : event;
                switch (name) {
                    case "message" -> event(generation, id, data.toString());
                    case "reset" -> reset(generation, field(data.toString(), "cursor"));
                    default -> tally().saw("sse event " + name);
                }
            }
            data.setLength(0);
            event = "";
        }

        @Override
        public void onError(Throwable failure) {
            ended(generation, "broken: " + rootCause(failure));
        }

        @Override
        public void onComplete() {
            ended(generation, "stream ended");
        }
    }
}
