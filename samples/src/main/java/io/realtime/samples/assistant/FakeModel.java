package io.realtime.samples.assistant;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Stands in for a language model: the answer to a question is a made-up text of {@value #TOKENS} tokens, each a
 * word with its leading space, always the same for the same question, so that a test can tell whether a page shows
 * exactly what was generated.
 */
public final class FakeModel {

    /** The length of every answer, in tokens. */
    public static final int TOKENS = 300;

    private static final String[] WORDS = {
        "events",
        "arrive",
        "in",
        "order",
        "and",
        "a",
        "client",
        "that",
        "reconnects",
        "resumes",
        "from",
        "its",
        "cursor",
        "so",
        "nothing",
        "is",
        "lost",
        "the",
        "server",
        "keeps",
        "what",
        "it",
        "sent",
        "for",
        "while",
        "every",
        "tab",
        "follows",
        "one",
        "run",
        "until",
        "end",
        "tells",
        "why",
        "answer",
        "streams",
        "word",
        "by",
        "when",
        "page",
        "reloads",
        "reads",
        "again",
        "whole",
        "then",
        "goes",
        "on",
        "live",
        "proxy",
        "buffers",
        "nobody",
        "waits",
        "quietly",
        "stop",
        "button",
        "ends",
        "producer",
        "at",
        "once",
    };

    private FakeModel() {}

    /**
     * The answer to a question, token by token.
     *
     * @param question the question, as asked
     * @return {@value #TOKENS} tokens; joined, they are the answer's text
     */
    public static List<String> answer(String question) {
        SplittableRandom random = new SplittableRandom(question.strip().hashCode());
        List<String> tokens = new ArrayList<>(TOKENS);
        boolean sentenceStart = true;
        for (int i = 0; i < TOKENS; i++) {
            String word = WORDS[random.nextInt(WORDS.length)];
            if (sentenceStart) {
                word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
            }
            boolean sentenceEnd = i == TOKENS - 1 || random.nextInt(12) == 0;
            tokens.add((i == 0 ? "" : " ") + word + (sentenceEnd ? "." : ""));
            sentenceStart = sentenceEnd;
        }
        return tokens;
    }
}
