package dev.zerocold.api.predict;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** {@code POST /predict/{name}}: any model by name, inputs shaped by its task. */
@QuarkusTest
class PredictResourceTest {

    @Test
    void textsForASentimentModel() {
        given().contentType(ContentType.JSON).body(Map.of("inputs", List.of("I love it", "Awful, broke at once")))
                .post("/predict/sentiment-fast")
                .then().statusCode(200)
                .body("outputs", hasSize(2))
                .body("outputs[0].sentiment", equalTo("positive"))
                .body("outputs[1].sentiment", equalTo("negative"))
                .body("model", equalTo("sentiment-fast"))
                .body("version", equalTo("1"));
    }

    @Test
    void anImageForAnImageModel() throws Exception {
        String png = Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of("benchmarks/data/fashion-mnist-test-0.png")));
        given().contentType(ContentType.JSON).body(Map.of("inputs", png, "parameters", Map.of("top_k", 1)))
                .post("/predict/image")
                .then().statusCode(200).body("outputs[0].predictions[0].label", equalTo("ankle boot"));
    }

    @Test
    void usersForTheRecommender() {
        given().contentType(ContentType.JSON).body(Map.of("inputs", List.of("42", "someone-new-" + System.nanoTime()),
                        "parameters", Map.of("limit", 3)))
                .post("/predict/recommender")
                .then().statusCode(200)
                .body("outputs[0].recommendations", hasSize(3))
                .body("outputs[0].strategy", equalTo("personalized"))
                .body("outputs[1].strategy", equalTo("popular"));
    }

    @Test
    void badInputsAreClientErrors() {
        given().contentType(ContentType.JSON).body(Map.of("inputs", 5)).post("/predict/sentiment")
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("inputs", List.of("ok", 3))).post("/predict/sentiment")
                .then().statusCode(400).body("detail", containsString("inputs[1]"));
        given().contentType(ContentType.JSON).body(Map.of("inputs", "x")).post("/predict/no-such-model")
                .then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("inputs", List.of("42", "has space"))).post("/predict/recommender")
                .then().statusCode(400).body("detail", containsString("user 1"));
        given().contentType(ContentType.JSON).body(Map.of("inputs", List.of(Map.of("name", "features", "datatype", "FP32",
                        "shape", List.of(1, 30), "data", java.util.Collections.nCopies(30, 0.5), "colour", 1))))
                .post("/predict/tabular").then().statusCode(400).body("detail", containsString("inputs[0] is not a tensor"));
        given().contentType(ContentType.JSON).body(Map.of("inputs", "42", "version", "9")).post("/predict/recommender")
                .then().statusCode(404);
    }
}
