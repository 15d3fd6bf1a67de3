package dev.zerocold.api.batch;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /api/predict/batch}: input order, one model call for many items, and every refusal. */
@QuarkusTest
class BatchResourceTest {

    @Test
    void textsAreAnsweredInInputOrder() {
        given().contentType(ContentType.JSON)
                .body(Map.of("texts", List.of("I love this, it is wonderful.", "Terrible, it broke after a day.",
                        "Absolutely great value."), "model", "sentiment-fast"))
                .post("/api/predict/batch")
                .then().statusCode(200)
                .body("count", equalTo(3))
                .body("results", hasSize(3))
                .body("results[0].sentiment", equalTo("positive"))
                .body("results[1].sentiment", equalTo("negative"))
                .body("results[2].sentiment", equalTo("positive"))
                .body("model", equalTo("sentiment-fast"))
                .body("version", equalTo("1"));
    }

    @Test
    void theDefaultModelIsTheSentimentModel() {
        given().contentType(ContentType.JSON).body(Map.of("texts", List.of("Works great.")))
                .post("/api/predict/batch")
                .then().statusCode(200).body("model", equalTo("sentiment")).body("results[0].score", org.hamcrest.Matchers.greaterThan(0f));
    }

    @Test
    void imagesAreClassified() throws IOException {
        String png = Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of("benchmarks/data/fashion-mnist-test-0.png")));
        given().contentType(ContentType.JSON).body(Map.of("images", List.of(png, png), "top_k", 2))
                .post("/api/predict/batch")
                .then().statusCode(200)
                .body("model", equalTo("image"))
                .body("count", equalTo(2))
                .body("results[1].predictions", hasSize(2))
                .body("results[0].predictions[0].label", equalTo("ankle boot"));
    }

    @Test
    void thirtyTwoTextsRunInOneOrAFewModelCalls() {
        double before = batchCalls("sentiment-fast");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            texts.add("A fine product, order " + UUID.randomUUID());  // unique: no cache hits
        }
        given().contentType(ContentType.JSON).body(Map.of("texts", texts, "model", "sentiment-fast"))
                .post("/api/predict/batch").then().statusCode(200).body("count", equalTo(32));
        double calls = batchCalls("sentiment-fast") - before;
        assertTrue(calls >= 2 && calls <= 4, "32 texts took " + calls + " model calls (max_batch_size 16)");
    }

    @Test
    void aBadItemFailsTheRequestNamingItsIndex() {
        given().contentType(ContentType.JSON).body(Map.of("texts", List.of("fine", "good", "  ")))
                .post("/api/predict/batch")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("texts[2]"));
        given().contentType(ContentType.JSON).body(Map.of("images", List.of("%%%", "iVBORw0KGgo=")))
                .post("/api/predict/batch")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("images[0]"));
        given().contentType(ContentType.JSON).body(Map.of("images", List.of(
                        Base64.getEncoder().encodeToString("not an image at all".getBytes()))))
                .post("/api/predict/batch")
                .then().statusCode(400).body("detail", containsString("images[0]"));
    }

    @Test
    void tooManyItemsIs413() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 257; i++) {
            texts.add("text " + i);
        }
        given().contentType(ContentType.JSON).body(Map.of("texts", texts))
                .post("/api/predict/batch")
                .then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("256"));
    }

    @Test
    void exactlyOneKindOfItemsIsAccepted() {
        given().contentType(ContentType.JSON).body(Map.of("model", "sentiment"))
                .post("/api/predict/batch").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("texts", List.of("a"), "images", List.of("b")))
                .post("/api/predict/batch").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("texts", List.of()))
                .post("/api/predict/batch").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("texts", List.of("a"), "model", "image"))
                .post("/api/predict/batch").then().statusCode(400).body("detail", containsString("task"));
        given().contentType(ContentType.JSON).body(Map.of("texts", List.of("a"), "model", "no-such-model"))
                .post("/api/predict/batch").then().statusCode(404);
    }

    /** {@code zerocold_batch_size_count} of a model's version 1: how many model calls it has made. */
    static double batchCalls(String model) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("zerocold_batch_size_count\\{model=\"" + Pattern.quote(model)
                + "\",version=\"1\",} ([0-9.E]+)").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
