package dev.zerocold.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zerocold.testing.Await;
import dev.zerocold.testing.Chromium;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chat page ({@code /chat/}) in a real headless Chromium: it lists tinygpt, streams an answer
 * into the transcript as it is generated and shows the speed, and its Stop button ends an answer
 * midway (and the server cancels the sequence), and a refusal is shown, not a blank. With
 * {@code -Dzerocold.screenshot} the first test also writes {@code docs/images/chat-page.png}.
 */
@QuarkusTest
class ChatPageTest {

    private static final Duration ANSWER = Duration.ofSeconds(60);
    private static final Path SCREENSHOT = Path.of("docs", "images", "chat-page.png");

    /** The state of the last assistant turn, and whether its text was ever seen while it streamed. */
    private static final String LAST_ANSWER = """
            (() => {
              const all = document.querySelectorAll('#transcript .assistant');
              const last = all[all.length - 1];
              return last ? {state: last.dataset.state, text: last.textContent,
                             seenStreaming: window.__textWhileStreaming === true} : null;
            })()""";

    /**
     * Records, as the DOM changes, whether the last assistant turn ever had text while still
     * {@code streaming}: a short answer may stream in faster than the test polls.
     */
    private static final String WATCH_STREAMING = """
            (() => {
              window.__textWhileStreaming = false;
              new MutationObserver(() => {
                const all = document.querySelectorAll('#transcript .assistant');
                const last = all[all.length - 1];
                if (last && last.dataset.state === 'streaming' && last.textContent.length > 0) {
                  window.__textWhileStreaming = true;
                }
              }).observe(document.getElementById('transcript'),
                         {subtree: true, childList: true, characterData: true, attributes: true});
              return true;
            })()""";

    private static Chromium browser;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @BeforeAll
    static void startBrowser() throws IOException, InterruptedException {
        browser = Chromium.launch(1000, 760);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void anAnswerStreamsIntoTheTranscriptAndShowsItsSpeed() throws IOException {
        openPage();
        browser.evaluate("document.getElementById('system').value = 'You answer questions about the Linux kernel.'");
        browser.evaluate("document.getElementById('max-tokens').value = '48'");
        browser.evaluate("document.getElementById('temperature').value = '0'");  // greedy: the same answer every run
        browser.evaluate(WATCH_STREAMING);
        browser.type("#prompt", "How does a driver register its interrupt handler?");
        browser.click("#send");

        JsonNode streaming = Await.until("the answer's text appears while it is streaming", ANSWER,
                () -> browser.evaluate(LAST_ANSWER), a -> a.isObject() && (a.path("seenStreaming").asBoolean()
                        || (a.path("state").asText().equals("streaming") && !a.path("text").asText().isEmpty())));
        assertTrue(streaming.path("seenStreaming").asBoolean() || streaming.path("state").asText().equals("streaming"),
                streaming::toString);
        JsonNode done = Await.until("the answer is done", ANSWER, () -> browser.evaluate(LAST_ANSWER),
                a -> !a.path("state").asText().equals("streaming"));
        assertEquals("done", done.path("state").asText(), done::toString);
        assertTrue(!done.path("text").asText().isBlank(), done::toString);

        String stats = browser.evaluate("document.getElementById('stats').textContent").asText();
        assertTrue(stats.matches(".*\\b\\d+ tokens? · \\d+(\\.\\d)? tokens/s · first token \\d+ ms.*"), stats);
        assertEquals(2, browser.evaluate("document.querySelectorAll('#transcript .turn').length").asInt());

        if (System.getProperty("zerocold.screenshot") != null) {
            Files.createDirectories(SCREENSHOT.getParent());
            Files.write(SCREENSHOT, browser.screenshot());
        }
    }

    @Test
    void stopEndsTheAnswerInThePageAndLeavesNoSequenceRunning() {
        openPage();
        double endedBefore = ended();
        // greedy, so that the answer is the same every run: this prompt's runs for 200 tokens without an end of text
        browser.evaluate("document.getElementById('max-tokens').value = '200'");
        browser.evaluate("document.getElementById('temperature').value = '0'");
        // Stop is clicked in the page as soon as the first text of the answer shows: a click sent from
        // here after polling could come after the whole answer (200 tokens take ~0.15 s on a quiet machine).
        browser.evaluate("""
                (() => {
                  const transcript = document.getElementById('transcript');
                  new MutationObserver((changes, observer) => {
                    const all = transcript.querySelectorAll('.assistant');
                    const last = all[all.length - 1];
                    if (last && last.dataset.state === 'streaming' && last.textContent.length > 0) {
                      observer.disconnect();
                      const stop = document.getElementById('stop');
                      window.__stopEnabledWhileStreaming = !stop.disabled;
                      stop.click();
                    }
                  }).observe(transcript, {subtree: true, childList: true, characterData: true, attributes: true});
                })()""");
        browser.type("#prompt", "Describe the scheduler in detail.");
        browser.pressEnter();  // Enter sends, as the Send button does

        JsonNode stopped = Await.until("the answer ends", ANSWER, () -> browser.evaluate(LAST_ANSWER),
                a -> a.isObject() && !a.path("state").asText().equals("streaming"));
        assertTrue(browser.evaluate("window.__stopEnabledWhileStreaming === true").asBoolean(),
                "Stop was enabled while the answer streamed");
        assertEquals("stopped", stopped.path("state").asText(), stopped::toString);
        assertTrue(browser.evaluate("document.getElementById('stop').disabled && "
                + "!document.getElementById('send').disabled").asBoolean(), "Send is back, Stop is off");
        // tinygpt writes a few hundred tokens a second, so the server may have finished before the click
        // arrives: the sequence has ended either way (cancelled, or finished), and none is left running.
        // That a client leaving mid-generation cancels its sequence: CompletionsResourceTest.
        Await.until("the stopped answer's sequence has ended on the server", ANSWER, () -> ended() > endedBefore);
        Await.until("no sequence is left running", ANSWER, () -> metric("zerocold_generation_sequences{", "state=\"running\"") == 0);
    }

    @Test
    void aRefusalIsShownInTheTranscript() {
        openPage();
        browser.evaluate("document.getElementById('max-tokens').value = '0'");
        browser.type("#prompt", "Hello");
        browser.click("#send");

        JsonNode refused = Await.until("the answer ends", ANSWER, () -> browser.evaluate(LAST_ANSWER),
                a -> a.isObject() && !a.path("state").asText().equals("streaming"));
        assertEquals("error", refused.path("state").asText(), refused::toString);
        String note = browser.evaluate("document.querySelector('#transcript .note.error').textContent").asText();
        assertTrue(note.startsWith("Error: max_tokens must be at least 1"), note);
    }

    /** Opens the chat page on a fresh document and waits until it has listed tinygpt and chosen it. */
    private void openPage() {
        browser.navigate("http://localhost:" + port + "/chat/");
        Await.until("the model list offers tinygpt, chosen by default", ANSWER,
                () -> browser.evaluate("(() => { const s = document.getElementById('model');"
                        + " return [...s.options].map(o => o.value).join(',') + ' / ' + s.value"
                        + " + (s.disabled ? ' (disabled)' : ''); })()").asText(),
                models -> models.endsWith("/ tinygpt"));
        assertTrue(browser.evaluate("[...document.getElementById('model').options]"
                + ".every(o => o.value !== 'sentiment')").asBoolean(), "only text-generation models are offered");
    }

    /** Sequences of tinygpt that have ended, cancelled or finished. */
    private static double ended() {
        return metric("zerocold_generation_sequences_ended_total{", "outcome=\"cancelled\"")
                + metric("zerocold_generation_sequences_ended_total{", "outcome=\"finished\"");
    }

    private static double metric(String prefix, String label) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : metrics.split("\n")) {
            if (line.startsWith(prefix) && line.contains(label) && line.contains("model=\"tinygpt\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
