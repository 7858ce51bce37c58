package io.realtime.internal.longpoll;

import io.realtime.internal.Failure;
import io.realtime.internal.Json;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The {@code CompletionStage} shape of {@code @Push}: one request held until the stage completes, then
 * answered with its value as JSON (or the error it failed with), or {@code 204} when the hold ends first.
 *
 * <p>The stage is not cancelled when the hold ends: the application may share it between requests. Its
 * callback then finds the poll already claimed and does nothing.
 */
final class StageWait {

    private StageWait() {}

    static void start(
            CompletionStage<?> stage,
            HeldPoll held,
            Json json,
            Object endpoint,
            WaitingPolls waiting,
            ScheduledExecutorService scheduler,
            long holdNanos) {
        if (holdNanos > 0) {
            held.hold(waiting, scheduler, holdNanos, () -> held.answer(() -> Answer.NO_CONTENT));
        }
        stage.whenComplete((value, failure) -> held.answer(() -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                return Answer.error(Failure.of(cause, endpoint));
            }
            try {
                return Answer.json(json.bytes(value));
            } catch (RuntimeException unserialisable) {
                return Answer.error(Failure.of(unserialisable, endpoint));
            }
        }));
        if (holdNanos == 0) {
            held.answer(() -> Answer.NO_CONTENT); // not complete at once: nothing to wait for
        }
    }
}
