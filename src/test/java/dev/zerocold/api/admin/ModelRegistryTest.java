package dev.zerocold.api.admin;

import dev.zerocold.testing.Await;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The registry through the management API: deploy a second real version of {@code sentiment-fast}
 * from a folder, split traffic 50/50, routing keys that stick, a corrupt model that fails without
 * disturbing the serving version, paths that escape the model roots, and the API key.
 */
@QuarkusTest
public class ModelRegistryTest {

    public static final String KEY = "test-admin-key";
    private static final String SECOND = "src/test/resources/registry/sentiment-fast/2";

    static RequestSpecification admin() {
        return given().header("X-API-Key", KEY).contentType(ContentType.JSON);
    }

    @AfterEach
    void cleanUp() {
        admin().body("{}").put("/models/sentiment-fast/traffic");
        for (String version : List.of("2", "3", "4", "5")) {
            admin().delete("/models/sentiment-fast/versions/" + version);
        }
        awaitGone("sentiment-fast", List.of("2", "3", "4", "5"));
    }

    @Test
    void aDeployedVersionServesOnceReadyAndTrafficSplitsAndSticks() throws Exception {
        admin().body(Map.of("path", SECOND, "config", Map.of("max_queue_delay", "3ms", "timeout", "4s")))
                .post("/models/sentiment-fast/versions/2")
                .then().statusCode(202)
                .header("Location", containsString("/models/sentiment-fast/versions/2"))
                .body("status", org.hamcrest.Matchers.oneOf("LOADING", "READY"));
        awaitStatus("sentiment-fast", "2", "READY");
        sentiment(Map.of("text", "Great value", "model", "sentiment-fast", "version", "2"))
                .then().statusCode(200).body("version", equalTo("2"));
        sentiment(Map.of("text", "Great value", "model", "sentiment-fast"))
                .then().statusCode(200).body("version", equalTo("2"));  // newest READY without a split

        admin().body(Map.of("1", 0.5, "2", 0.5)).put("/models/sentiment-fast/traffic")
                .then().statusCode(200).body("traffic.'1'", equalTo(0.5f));
        Map<String, Integer> served = new HashMap<>();
        HttpClient http = HttpClient.newHttpClient();
        Pattern version = Pattern.compile("\"version\":\"([0-9]+)\"");
        for (int i = 0; i < 1000; i++) {  // a plain client: RestAssured's per-request cost would dominate
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":"
                                    + RestAssured.port + "/api/predict/sentiment"))
                            .header("Content-Type", "application/json")
                            .header("X-Routing-Key", "request-" + i)  // distinct keys: a fixed, reproducible draw
                            .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"fine " + i + "\", \"model\": \"sentiment-fast\"}"))
                            .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            Matcher m = version.matcher(response.body());
            assertTrue(m.find(), response.body());
            served.merge(m.group(1), 1, Integer::sum);
        }
        int first = served.getOrDefault("1", 0);
        assertTrue(first >= 450 && first <= 550, "version 1 served " + first + " of 1000: " + served);

        for (int k = 0; k < 20; k++) {
            String routingKey = "user-" + k;
            String chosen = sentimentKeyed(routingKey).extract().path("version");
            for (int again = 0; again < 4; again++) {
                assertEquals(chosen, sentimentKeyed(routingKey).extract().path("version"), "key " + routingKey);
            }
        }
        given().contentType(ContentType.JSON).header("X-Routing-Key", "anyone")
                .body(Map.of("text", "ok", "model", "sentiment-fast", "version", "1"))
                .post("/api/predict/sentiment").then().statusCode(200).body("version", equalTo("1"));

        given().get("/models/sentiment-fast").then().statusCode(200)
                .body("versions.version", hasItem("2"))
                .body("versions.find { it.version == '2' }.batching.max_batch_size", equalTo(16))
                .body("versions.find { it.version == '2' }.batching.max_queue_delay_us", equalTo(3000))
                .body("versions.find { it.version == '2' }.batching.timeout_ms", equalTo(4000))
                .body("versions.find { it.version == '2' }.cache.enabled", equalTo(true));
        given().get("/q/metrics").then().body(containsString("zerocold_requests_total{model=\"sentiment-fast\",outcome=\"success\",version=\"2\",}"));

        admin().delete("/models/sentiment-fast/versions/2").then().statusCode(202).body("status", equalTo("UNLOADING"));
        awaitGone("sentiment-fast", List.of("2"));
        sentiment(Map.of("text", "Great value", "model", "sentiment-fast")).then().statusCode(200)
                .body("version", equalTo("1"));
        given().get("/q/metrics").then()
                .body(org.hamcrest.Matchers.not(containsString("model=\"sentiment-fast\",version=\"2\"")))
                .body(org.hamcrest.Matchers.not(containsString("model=\"sentiment-fast\",outcome=\"success\",version=\"2\"")));
    }

    @Test
    void aVersionThatExistsIsAConflict() {
        admin().body(Map.of("path", "models/sentiment-fast/1")).post("/models/sentiment-fast/versions/1")
                .then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void aCorruptModelFailsWithItsReasonWhileTheServingVersionServes() {
        admin().body(Map.of("name", "sentiment-fast", "version", "3", "path", "src/test/resources/registry/corrupt/1"))
                .post("/models").then().statusCode(202);
        awaitStatus("sentiment-fast", "3", "FAILED");
        given().get("/models/sentiment-fast/versions/3").then().body("reason", notNullValue());
        for (int i = 0; i < 5; i++) {
            sentiment(Map.of("text", "Works well", "model", "sentiment-fast")).then().statusCode(200)
                    .body("version", equalTo("1"));
        }
        admin().body(Map.of("path", "src/test/resources/registry/badyaml/1")).post("/models/sentiment-fast/versions/4")
                .then().statusCode(202);
        awaitStatus("sentiment-fast", "4", "FAILED");
        given().get("/models/sentiment-fast/versions/4").then()
                .body("reason", containsString("line 5"))
                .body("reason", containsString("max_queue_delay"));
        admin().body(Map.of("1", 0.5, "4", 0.5)).put("/models/sentiment-fast/traffic").then().statusCode(200);
        for (int i = 0; i < 10; i++) {  // a FAILED version never gets traffic
            sentiment(Map.of("text", "Works well " + i, "model", "sentiment-fast")).then().statusCode(200)
                    .body("version", equalTo("1"));
        }
    }

    @Test
    void pathsOutsideTheModelRootsAreRefused() throws Exception {
        Path links = Path.of("target/test-registry");
        Files.createDirectories(links);
        Path link = links.resolve("escape");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, Path.of("/etc").toAbsolutePath());
        for (String path : List.of("../../etc", "/etc", "models/../../etc", "http://example.com/model",
                "file:///etc", "target/test-registry/escape", "models", "no/such/folder")) {
            admin().body(Map.of("path", path)).post("/models/sentiment-fast/versions/5")
                    .then().statusCode(400).contentType("application/problem+json");
        }
        admin().body(Map.of("1", 0.7, "2", 0.3)).put("/models/sentiment-fast/traffic")
                .then().statusCode(400).body("detail", containsString("no version '2'"));
        admin().body(Map.of("1", 0.7)).put("/models/sentiment-fast/traffic")
                .then().statusCode(400).body("detail", containsString("sum to 1"));
    }

    @Test
    void writesNeedTheApiKey() {
        given().contentType(ContentType.JSON).body(Map.of("path", SECOND)).post("/models/sentiment-fast/versions/5")
                .then().statusCode(401).contentType("application/problem+json");
        given().contentType(ContentType.JSON).header("X-API-Key", "wrong").body("{}")
                .put("/models/sentiment-fast/traffic").then().statusCode(403);
        given().header("Authorization", "Bearer wrong").delete("/models/sentiment-fast").then().statusCode(403);
        given().header("Authorization", "Bearer " + KEY).contentType(ContentType.JSON).body("{}")
                .put("/models/sentiment-fast/traffic").then().statusCode(200);
        given().get("/models").then().statusCode(200).body("name", hasItem("sentiment"));
        given().get("/models/no-such-model").then().statusCode(404);
    }

    private static io.restassured.response.Response sentiment(Map<String, String> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/predict/sentiment");
    }

    private static io.restassured.response.ValidatableResponse sentimentKeyed(String routingKey) {
        return given().contentType(ContentType.JSON).header("X-Routing-Key", routingKey)
                .body(Map.of("text", "routing", "model", "sentiment-fast"))
                .post("/api/predict/sentiment").then().statusCode(200);
    }

    public static void awaitStatus(String model, String version, String status) {
        Await.until(model + "/" + version + " " + status, Await.PATIENCE,
                () -> given().get("/models/" + model + "/versions/" + version).then().extract().<String>path("status"),
                status::equals);
    }

    public static void awaitGone(String model, List<String> versions) {
        Await.until("versions " + versions + " of " + model + " removed", Await.PATIENCE,
                () -> given().get("/models/" + model).then().extract().<List<String>>path("versions.version"),
                present -> present == null || present.stream().noneMatch(versions::contains));
    }
}
