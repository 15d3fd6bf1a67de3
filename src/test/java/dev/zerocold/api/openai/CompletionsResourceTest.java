package dev.zerocold.api.openai;

import dev.zerocold.testing.Await;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /v1/completions} and {@code /v1/chat/completions} on the trained tinygpt, as OpenAI's
 * clients call them: whole and streamed, greedy and seeded, stop strings, and a client that leaves
 * mid-stream.
 */
@QuarkusTest
class CompletionsResourceTest {

    private static final String MODEL = "tinygpt";
    private static final String PROMPT = "The driver registers its interrupt handler";

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void aGreedyCompletionIsWholeAndRepeatable() {
        Map<String, Object> body = Map.of("model", MODEL, "prompt", PROMPT, "max_tokens", 12, "temperature", 0);
        ValidatableResponse first = completions(body).statusCode(200).contentType(ContentType.JSON)
                .body("object", equalTo("text_completion"))
                .body("id", startsWith("cmpl-"))
                .body("model", equalTo(MODEL))
                .body("choices[0].index", equalTo(0))
                .body("choices[0].finish_reason", equalTo("length"))
                .body("usage.completion_tokens", equalTo(12));
        String text = first.extract().path("choices[0].text");
        int promptTokens = first.extract().path("usage.prompt_tokens");
        assertTrue(promptTokens > 3 && !text.isEmpty(), text);
        assertEquals(text, completions(body).statusCode(200).extract().path("choices[0].text"));
    }

    @Test
    void theSameSeedGivesTheSameTextAndAnotherSeedAnother() {
        Map<String, Object> body = new HashMap<>(Map.of("model", MODEL, "prompt", PROMPT, "max_tokens", 24,
                "temperature", 1.0, "seed", 7));
        String first = completions(body).statusCode(200).extract().path("choices[0].text");
        assertEquals(first, completions(body).statusCode(200).extract().path("choices[0].text"));
        body.put("seed", 8);
        assertNotEquals(first, completions(body).statusCode(200).extract().path("choices[0].text"));
    }

    @Test
    void aStreamSendsTheSameTextInChunksThenDone() {
        Map<String, Object> whole = Map.of("model", MODEL, "prompt", PROMPT, "max_tokens", 16, "temperature", 0);
        String expected = completions(whole).statusCode(200).extract().path("choices[0].text");
        Map<String, Object> streamed = new HashMap<>(whole);
        streamed.put("stream", true);
        streamed.put("stream_options", Map.of("include_usage", true));
        Response response = given().contentType(ContentType.JSON).body(streamed).post("/v1/completions");
        assertEquals(200, response.statusCode());
        assertTrue(response.contentType().startsWith("text/event-stream"), response.contentType());
        List<String> events = events(response.asString());
        assertEquals("[DONE]", events.get(events.size() - 1));
        StringBuilder text = new StringBuilder();
        String finish = null;
        Map<String, Object> usage = null;
        for (String event : events.subList(0, events.size() - 1)) {
            io.restassured.path.json.JsonPath json = io.restassured.path.json.JsonPath.from(event);
            assertEquals("text_completion", json.getString("object"));
            List<Map<String, Object>> choices = json.getList("choices");
            if (choices.isEmpty()) {
                usage = json.getMap("usage");
                continue;
            }
            text.append((String) choices.get(0).get("text"));
            if (choices.get(0).get("finish_reason") != null) {
                finish = (String) choices.get(0).get("finish_reason");
            }
        }
        assertEquals(expected, text.toString());
        assertEquals("length", finish);
        assertEquals(16, usage.get("completion_tokens"));
    }

    @Test
    void aChatStreamStartsWithTheRoleAndEndsWithFinishReasonUsageAndDone() {
        Map<String, Object> body = Map.of("model", MODEL, "max_tokens", 10, "temperature", 0,
                "messages", List.of(Map.of("role", "system", "content", "You answer about Linux."),
                        Map.of("role", "user", "content", "What does a driver do?")));
        String whole = chat(body).statusCode(200).contentType(ContentType.JSON)
                .body("object", equalTo("chat.completion"))
                .body("id", startsWith("chatcmpl-"))
                .body("choices[0].message.role", equalTo("assistant"))
                .body("choices[0].finish_reason", equalTo("length"))
                .body("usage.completion_tokens", equalTo(10))
                .extract().path("choices[0].message.content");
        Map<String, Object> streamed = new HashMap<>(body);
        streamed.put("stream", true);
        streamed.put("stream_options", Map.of("include_usage", true));
        List<String> events = events(given().contentType(ContentType.JSON).body(streamed)
                .post("/v1/chat/completions").then().statusCode(200).extract().asString());
        io.restassured.path.json.JsonPath first = io.restassured.path.json.JsonPath.from(events.get(0));
        assertEquals("chat.completion.chunk", first.getString("object"));
        assertEquals("assistant", first.getString("choices[0].delta.role"));
        StringBuilder text = new StringBuilder();
        for (String event : events.subList(1, events.size() - 3)) {
            text.append(io.restassured.path.json.JsonPath.from(event).getString("choices[0].delta.content"));
        }
        io.restassured.path.json.JsonPath end = io.restassured.path.json.JsonPath.from(events.get(events.size() - 3));
        assertEquals("length", end.getString("choices[0].finish_reason"));
        io.restassured.path.json.JsonPath usage = io.restassured.path.json.JsonPath.from(events.get(events.size() - 2));
        assertTrue(usage.getList("choices").isEmpty());
        assertEquals(10, usage.getInt("usage.completion_tokens"));
        assertEquals("[DONE]", events.get(events.size() - 1));
        assertEquals(whole, text.toString());
    }

    @Test
    void aStopStringEndsTheTextBeforeIt() {
        Map<String, Object> body = new HashMap<>(Map.of("model", MODEL, "prompt", PROMPT, "max_tokens", 40,
                "temperature", 0));
        String text = completions(body).statusCode(200).extract().path("choices[0].text");
        int cut = text.length() / 2;
        String stop = text.substring(cut, Math.min(text.length(), cut + 3));
        int at = text.indexOf(stop);
        body.put("stop", List.of(stop, "never appears 123"));
        completions(body).statusCode(200)
                .body("choices[0].text", equalTo(text.substring(0, at)))
                .body("choices[0].finish_reason", equalTo("stop"));
    }

    @Test
    void refusalsAreInOpenAisShape() {
        completions(Map.of("model", MODEL, "prompt", PROMPT, "n", 2)).statusCode(400)
                .body("error.type", equalTo("invalid_request_error")).body("error.param", equalTo("n"));
        completions(Map.of("model", MODEL, "prompt", PROMPT, "max_tokens", 0)).statusCode(400)
                .body("error.param", equalTo("max_tokens"));
        completions(Map.of("model", "sentiment", "prompt", PROMPT)).statusCode(400);
        completions(Map.of("model", "no-such-model", "prompt", PROMPT)).statusCode(404)
                .body("error.code", equalTo("model_not_found"));
        chat(Map.of("model", MODEL, "messages", List.of())).statusCode(400).body("error.param", equalTo("messages"));
        chat(Map.of("model", MODEL, "messages", List.of(Map.of("role", "tool", "content", "x")))).statusCode(400)
                .body("error.param", equalTo("messages[0].role"));
        completions(Map.of("model", MODEL, "prompt", "word ".repeat(2000))).statusCode(400)
                .body("error.message", startsWith("the prompt has"));
    }

    @Test
    void clientsAskingForJsonGetJsonOrEventsAsTheyAsked() {
        Map<String, Object> body = new HashMap<>(Map.of("model", MODEL, "prompt", PROMPT, "max_tokens", 4));
        given().accept(ContentType.JSON).contentType(ContentType.JSON).body(body).post("/v1/completions").then()
                .statusCode(200).contentType(ContentType.JSON).body("object", equalTo("text_completion"));
        body.put("stream", true);
        Response events = given().accept(ContentType.JSON).contentType(ContentType.JSON).body(body).post("/v1/completions");
        assertEquals(200, events.statusCode());
        assertTrue(events.contentType().startsWith("text/event-stream"), events.contentType());
        List<String> data = events(events.asString());
        assertEquals("[DONE]", data.get(data.size() - 1), events.asString());
        assertTrue(data.get(0).startsWith("{\"id\":\"cmpl-"), data.get(0));
        given().accept("text/event-stream").contentType(ContentType.JSON).body(Map.of("model", MODEL, "max_tokens", 4,
                "messages", List.of(Map.of("role", "user", "content", "hi")))).post("/v1/chat/completions").then()
                .statusCode(200).contentType(ContentType.JSON).body("object", equalTo("chat.completion"));
    }

    @Test
    void generativeModelsAreListedWithTheirTask() {
        given().get("/v1/models").then().statusCode(200).body("data.id", hasItem(MODEL));
        given().get("/v1/models/" + MODEL).then().statusCode(200).body("task", equalTo("text-generation"));
    }

    @Test
    void aClientThatLeavesMidStreamFreesItsSequence() throws Exception {
        double before = cancelled();
        String body = "{\"model\":\"" + MODEL + "\",\"prompt\":\"" + PROMPT + "\",\"max_tokens\":200,\"stream\":true}";
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout((int) Await.PATIENCE.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.startsWith("data: ")) {
                assertFalse(line.startsWith("HTTP/1.1 4") || line.startsWith("HTTP/1.1 5"), line);
            }
        }
        Await.until("the sequence of the client that left is cancelled", () -> cancelled() > before);
        Await.until("no sequence is left running", () -> gauge("zerocold_generation_sequences{", "state=\"running\"") == 0);
    }

    @Test
    void aClientThatLeavesBeforeAWholeAnswerCancelsItsSequence() throws Exception {
        double before = cancelled();
        String body = "{\"model\":\"" + MODEL + "\",\"prompt\":\"" + PROMPT + "\",\"max_tokens\":200}";
        try (Socket socket = new Socket("localhost", port)) {
            socket.getOutputStream().write(("POST /v1/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                    + "application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
        }
        Await.until("the sequence of the client that left is cancelled", () -> cancelled() > before);
        Await.until("no sequence is left running", () -> gauge("zerocold_generation_sequences{", "state=\"running\"") == 0);
    }

    private static double cancelled() {
        return gauge("zerocold_generation_sequences_ended_total{", "outcome=\"cancelled\"");
    }

    private static double gauge(String name, String label) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name) && line.contains(label) && line.contains("model=\"" + MODEL + "\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    /** The data of each server-sent event, in order. */
    static List<String> events(String body) {
        List<String> events = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            if (block.startsWith("data: ")) {
                events.add(block.substring("data: ".length()).trim());
            }
        }
        return events;
    }

    private static ValidatableResponse completions(Map<String, ?> body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/completions").then();
    }

    private static ValidatableResponse chat(Map<String, ?> body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/chat/completions").then();
    }
}
