package io.realtime.samples.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtime.jetty.browser.Chromium;
import io.realtime.jetty.browser.Tab;
import io.realtime.samples.assistant.FakeModel;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The assistant page in Chromium, against the WAR on embedded Jetty: an answer streamed as a run survives a reload
 * mid-answer with exactly the generated text, and the Stop button ends an answer as {@code stopped}. With
 * {@code -Dsamples.screenshots=<directory>} it also saves {@code assistant.png} there:
 *
 * <pre>
 * ./mvnw -pl samples -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -DtokenScan.skip \
 *     -Dit.test=AssistantPageIT -Dsamples.screenshots=$PWD/samples/screenshots
 * </pre>
 */
@ExtendWith(Container.Cleanup.class)
class AssistantPageIT {

    @RegisterExtension
    static final Chromium browser = new Chromium();

    private static final String SCREENSHOTS = System.getProperty("samples.screenshots", "");
    private static final String READY = "document.getElementById('question') !== null";

    private static Samples samples;

    @BeforeAll
    static void deploy() {
        samples = Container.EMBEDDED_JETTY.samples();
    }

    @Test
    void aReloadMidAnswerShowsTheWholeAnswerOnce() throws IOException {
        String question = "What happens when I reload while you answer?";
        Tab tab = PagesIT.open(browser, samples.uri("/assistant.html"), READY);
        ask(tab, question);
        tab.await("a tenth of the answer", tokensAtLeast(FakeModel.TOKENS / 10), value -> value.asBoolean());

        tab.reload(READY); // the page follows the same answer again, from the run's first token
        tab.await(
                "the end",
                "return document.getElementById('end-reason').textContent",
                value -> value.asText().equals("complete"));

        assertThat(text(tab)).isEqualTo(String.join("", FakeModel.answer(question)));
        assertThat(tab.run("return document.getElementById('tokens').textContent")
                        .asInt())
                .isEqualTo(FakeModel.TOKENS);
        if (!SCREENSHOTS.isBlank()) {
            Files.write(Files.createDirectories(Path.of(SCREENSHOTS)).resolve("assistant.png"), tab.screenshot());
        }
    }

    @Test
    void theStopButtonEndsTheAnswerAsStopped() {
        String question = "Tell me everything, slowly.";
        String whole = String.join("", FakeModel.answer(question));
        Tab tab = PagesIT.open(browser, samples.uri("/assistant.html"), READY);
        ask(tab, question);
        tab.await("a few tokens", tokensAtLeast(10), value -> value.asBoolean());

        tab.run("document.getElementById('stop').click()");
        tab.await(
                "the end",
                "return document.getElementById('end-reason').textContent",
                value -> value.asText().equals("stopped"));
        String shown = text(tab);
        assertThat(whole).startsWith(shown);
        assertThat(shown).isNotEqualTo(whole);

        // The run ended where it was stopped: read again after a reload, it holds the same tokens and the same end.
        tab.reload(READY);
        tab.await(
                "the end again",
                "return document.getElementById('end-reason').textContent",
                value -> value.asText().equals("stopped"));
        assertThat(text(tab)).isEqualTo(shown);
    }

    @Test
    void anotherBrowserCannotFollowOrStopTheAnswer() throws Exception {
        Tab tab = PagesIT.open(browser, samples.uri("/assistant.html"), READY);
        ask(tab, "Is this answer mine alone?");
        tab.await("a few tokens", tokensAtLeast(5), value -> value.asBoolean());
        String id = tab.run("return JSON.parse(sessionStorage.getItem('assistant.answer')).id")
                .asText();

        HttpClient stranger = HttpClient.newHttpClient(); // no cookie: another browser
        HttpResponse<String> follow = stranger.send(
                HttpRequest.newBuilder(samples.uri("/answers/" + id))
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(follow.statusCode()).isEqualTo(403);
        assertThat(follow.body()).contains("\"code\":\"forbidden\"");
        HttpResponse<String> stop = stranger.send(
                HttpRequest.newBuilder(samples.uri("/answers/" + id))
                        .header("Realtime-Uplink", "1")
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stop.statusCode()).isEqualTo(403);

        tab.await(
                "the end",
                "return document.getElementById('end-reason').textContent",
                value -> value.asText().equals("complete"));
    }

    private static void ask(Tab tab, String question) {
        tab.run(
                "document.getElementById('question').value = arguments[0];"
                        + " document.getElementById('asking').requestSubmit()",
                question);
    }

    private static String tokensAtLeast(int count) {
        return "return Number(document.getElementById('tokens').textContent) >= " + count;
    }

    private static String text(Tab tab) {
        return tab.run("return document.getElementById('answer').textContent").asText();
    }
}
