package io.realtime.samples.assistant;

import io.realtime.EventSink;
import io.realtime.PathParam;
import io.realtime.RealtimeException;
import io.realtime.RealtimeSession;
import io.realtime.Run;
import io.realtime.Stream;
import io.realtime.Topics;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An assistant that streams its answers as {@link Run}s: {@link AskServlet} asks, this generates the answer with the
 * {@link FakeModel} at {@value #TOKENS_PER_SECOND} tokens a second, and {@code /answers/{id}} follows it on any
 * transport. A page that reloads mid-answer reads the run again from its first token and goes on live; a client
 * stops an answer with {@code DELETE /answers/{id}} (realtime.js: {@code handle.stop()}), which ends the run as
 * {@code stopped} and stops its producer.
 *
 * <p>An answer belongs to the cookie session that asked: only its tabs may follow it or stop it; another browser is
 * refused with {@code 403}, on every attach and stop, since the runtime calls the method each time. Bounded: at
 * most {@value #MAX_GENERATING} answers are generated at once ({@link #ask} refuses more), and the ids of at most
 * {@value #MAX_KEPT} answers are kept, the oldest finished forgotten first; the runs keep their tokens as the
 * runtime's {@code runMaxEvents} and {@code runMaxAge} say. One timer thread produces every answer.
 */
public class Answers implements AutoCloseable {

    /** How fast answers are generated. */
    static final int TOKENS_PER_SECOND = 50;
    /** How many answers may be generated at once. */
    static final int MAX_GENERATING = 32;
    /** How many answers' ids are kept, generating or finished. */
    static final int MAX_KEPT = 256;
    /** The longest question, in characters. */
    static final int MAX_QUESTION = 500;

    private final Topics topics;
    private final ServletContext context;
    private final ScheduledExecutorService timer;
    private final Map<String, Answer> answers = new LinkedHashMap<>(); // by id, oldest first; guarded by this
    private int generating; // guarded by this

    // Who asked, and whether the answer is still being written.
    private static final class Answer {
        final String owner;
        boolean generating = true;

        Answer(String owner) {
            this.owner = owner;
        }
    }

    /**
     * Created by the runtime, which finds this class by its annotations.
     *
     * @param topics the application's topics, whose runs carry the answers
     * @param context the application, where {@link AskServlet} finds this
     */
    public Answers(Topics topics, ServletContext context) {
        this.topics = topics;
        this.context = context;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "samples-assistant");
            thread.setDaemon(true);
            return thread;
        });
        context.setAttribute(Answers.class.getName(), this);
    }

    /**
     * The answers of the application that owns {@code context}.
     *
     * @throws IllegalStateException before the application has started
     */
    static Answers from(ServletContext context) {
        if (context.getAttribute(Answers.class.getName()) instanceof Answers answers) {
            return answers;
        }
        throw new IllegalStateException("The assistant starts with the application");
    }

    /**
     * Follows an answer: from its first token, or from the client's cursor when it comes back; and stops it on a
     * {@code DELETE}, for which the runtime calls this again.
     *
     * @param id the answer's id, as {@code POST /api/answers} answered it
     * @param tab the tab that attaches or stops
     * @return the answer's run
     * @throws RealtimeException {@code 404} for an unknown answer, {@code 403} for another cookie session's
     */
    @Stream("/answers/{id}")
    public Run<String> answer(@PathParam("id") String id, RealtimeSession tab) {
        Answer answer;
        synchronized (this) {
            answer = answers.get(id);
        }
        if (answer == null) {
            throw RealtimeException.notFound("No answer " + id + "; it may have been forgotten");
        }
        if (!tab.httpSession().map(HttpSession::getId).orElse("").equals(answer.owner)) {
            throw RealtimeException.forbidden("This answer was asked from another browser");
        }
        return topics.run(runName(id));
    }

    /**
     * Starts answering a question.
     *
     * @param question the question, 1 to {@value #MAX_QUESTION} characters
     * @param owner the id of the cookie session that asks, whose tabs alone may follow the answer
     * @return the answer's id, or empty when {@value #MAX_GENERATING} answers are being generated
     */
    Optional<String> ask(String question, String owner) {
        String id = UUID.randomUUID().toString();
        synchronized (this) {
            if (generating >= MAX_GENERATING || (answers.size() >= MAX_KEPT && !forgetOldestFinished())) {
                return Optional.empty();
            }
            generating++;
            answers.put(id, new Answer(owner));
        }
        EventSink<String> sink;
        try {
            sink = topics.<String>run(runName(id)).start();
        } catch (RuntimeException refused) { // the backplane cannot be reached, or too many topics
            finished(id);
            throw refused;
        }
        sink.onClose(() -> finished(id));
        List<String> tokens = FakeModel.answer(question);
        try {
            timer.schedule(() -> produce(sink, tokens, 0), 1000 / TOKENS_PER_SECOND, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            sink.close();
        }
        return Optional.of(id);
    }

    // One token per tick, until the last, or until the run ended otherwise (stopped by a client).
    private void produce(EventSink<String> sink, List<String> tokens, int next) {
        if (!sink.send(tokens.get(next))) {
            return; // stopped: the sink is closed
        }
        if (next + 1 == tokens.size()) {
            sink.close(); // the run ends as complete
            return;
        }
        timer.schedule(() -> produce(sink, tokens, next + 1), 1000 / TOKENS_PER_SECOND, TimeUnit.MILLISECONDS);
    }

    private synchronized void finished(String id) {
        Answer answer = answers.get(id);
        if (answer != null && answer.generating) {
            answer.generating = false;
            generating--;
        }
    }

    private boolean forgetOldestFinished() {
        for (Iterator<Answer> it = answers.values().iterator(); it.hasNext(); ) {
            if (!it.next().generating) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    private static String runName(String id) {
        return "answer:" + id;
    }

    /** Stops the timer; the runtime calls it when the application stops. Answers being generated are cut short. */
    @Override
    public void close() {
        context.removeAttribute(Answers.class.getName());
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
