package dev.zerocold.ops;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class OperationsTest {

    @BeforeEach
    void servePredictions() {
        given().contentType(ContentType.JSON).body("{\"text\": \"Works great\"}")
                .post("/api/predict/sentiment").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"text\": \"Works great\", \"model\": \"sentiment-fast\"}")
                .post("/api/predict/sentiment").then().statusCode(200);
    }

    @Test
    void readinessListsEveryModelVersion() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("models"))
                .body("checks.find { it.name == 'models' }.data.'sentiment/1'", equalTo("READY"))
                .body("checks.find { it.name == 'models' }.data.'sentiment-fast/1'", equalTo("READY"));
    }

    @Test
    void seedHealthHasStatusUptimeModelsAndMemory() {
        var health = given().get("/health").then().statusCode(200).contentType("application/json")
                .body("status", equalTo("healthy"))
                .body("models.sentiment", equalTo("READY"))
                .body("models.image", equalTo("READY"))
                .extract().jsonPath();
        assertTrue(health.getLong("uptime") > 0);
        long used = health.getLong("memory.heap_used");
        assertTrue(used > 0 && used <= health.getLong("memory.heap_total"), health.prettify());
    }

    @Test
    void livenessAndStartedAreUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/started").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'model-loading' }.data.versions", greaterThanOrEqualTo(2));
    }

    @Test
    void prometheusHasPerModelSeries() {
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("zerocold_inference_seconds_count{model=\"sentiment\",outcome=\"success\",version=\"1\",}"))
                .body(containsString("zerocold_inference_seconds_bucket{model=\"sentiment-fast\",outcome=\"success\",version=\"1\""))
                .body(containsString("zerocold_batch_size_count{model=\"sentiment\",version=\"1\",}"))
                .body(containsString("zerocold_queue_seconds_count{model=\"sentiment\",version=\"1\",}"))
                .body(containsString("zerocold_queue_depth{model=\"image\",version=\"1\",}"))
                .body(containsString("zerocold_rejections_total{model=\"sentiment\",reason=\"queue_full\",version=\"1\",}"))
                .body(containsString("zerocold_rejections_total{model=\"sentiment\",reason=\"deadline\",version=\"1\",}"))
                .body(containsString("zerocold_cache_requests_total{model=\"sentiment\",result=\"hit\",version=\"1\",}"))
                .body(containsString("zerocold_cache_evictions_total{model=\"sentiment\",version=\"1\",}"))
                .body(containsString("zerocold_model_generation{model=\"recommender\",version=\"1\",}"))
                .body(containsString("zerocold_requests_total{model=\"sentiment\",outcome=\"success\",version=\"1\",}"))
                .body(matchesPattern("(?s).*zerocold_model_load_seconds\\{model=\"sentiment\",version=\"1\",} [0-9.E-]+.*"))
                .body(containsString("zerocold_model_ready{model=\"sentiment-fast\",version=\"1\",} 1.0"))
                .body(matchesPattern("(?s).*zerocold_startup_seconds\\{phase=\"http_listening\",} [0-9.E-]+.*"))
                .body(containsString("zerocold_startup_seconds{phase=\"first_prediction\",}"));
    }

    /**
     * What {@code promtool check metrics} finds in the zerocold_* series (PrometheusLint repeats its
     * checks: promtool is not on CI's machines). promtool reads the text format, which /q/metrics
     * answers to {@code Accept: text/plain} and, through MetricsFormat, to a request without a
     * preference (curl's). The JVM names MetricNames changes are checked as well.
     */
    @Test
    void prometheusSeriesPassPromtoolsLint() throws Exception {
        given().contentType("image/png").body(Files.readAllBytes(Path.of("benchmarks/data/fashion-mnist-test-0.png")))
                .post("/api/predict/image?top_k=1").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"inputs\": [{\"name\": \"text\", \"datatype\": \"BYTES\", \"shape\": [1], \"data\": [\"fine\"]}]}")
                .post("/v2/models/sentiment/infer").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"text\": \"x\", \"model\": \"no-such-model\"}")
                .post("/api/predict/sentiment").then().statusCode(404);

        String text = given().accept("text/plain").get("/q/metrics").then().statusCode(200)
                .contentType(containsString("version=0.0.4")).extract().asString();
        var families = PrometheusLint.parse(text);
        for (String name : List.of("zerocold_requests_total", "zerocold_cache_requests_total", "zerocold_cache_evictions_total",
                "zerocold_rejections_total", "zerocold_rate_limited_total", "zerocold_inference_seconds",
                "zerocold_queue_seconds", "zerocold_batch_size", "zerocold_queue_depth", "zerocold_model_ready",
                "zerocold_model_load_seconds", "zerocold_startup_seconds", "process_cpu_seconds_total", "system_cpu_processors")) {
            assertTrue(families.containsKey(name), name + " missing from /q/metrics");
        }
        assertEquals(List.of(), PrometheusLint.lint(text, name -> name.startsWith("zerocold_")));
        assertFalse(families.containsKey("system_cpu_count") || families.containsKey("process_cpu_time_ns_total"));

        // What curl gets (Accept: */*, or none) is the same text format, so `curl … | promtool check metrics` is clean.
        for (String accept : List.of("*/*", "")) {
            String plain = given().header("Accept", accept).get("/q/metrics").then().statusCode(200)
                    .contentType(containsString("version=0.0.4")).extract().asString();
            assertEquals(List.of(), PrometheusLint.lint(plain, name -> name.startsWith("zerocold_")), "Accept: " + accept);
        }
    }

    @Test
    void invalidRequestsAreCountedWithoutUserInputInTags() {
        double notFound = counter("zerocold_requests_total{model=\"none\",outcome=\"not_found\",version=\"none\",}");
        double invalid = counter("zerocold_requests_total{model=\"none\",outcome=\"invalid\",version=\"none\",}");
        int total = given().get("/metrics").then().extract().path("total_requests");
        given().contentType(ContentType.JSON).body("{\"text\": \"x\", \"model\": \"no-such-model-xyz\"}")
                .post("/api/predict/sentiment").then().statusCode(404);
        given().contentType(ContentType.JSON).body("{\"text\": \"x\", \"version\": \"987\"}")
                .post("/api/predict/sentiment").then().statusCode(404);
        given().contentType(ContentType.JSON).body("{\"text\": \"   \"}")
                .post("/api/predict/sentiment").then().statusCode(400);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertFalse(metrics.contains("no-such-model-xyz") || metrics.contains("version=\"987\""), "user input in a tag");
        assertEquals(notFound + 2, counter("zerocold_requests_total{model=\"none\",outcome=\"not_found\",version=\"none\",}"));
        assertEquals(invalid + 1, counter("zerocold_requests_total{model=\"none\",outcome=\"invalid\",version=\"none\",}"));
        given().get("/metrics").then().body("total_requests", equalTo(total + 3));
    }

    @Test
    void aRepeatedTextIsServedFromTheCache() {
        String text = "Cached answer " + java.util.UUID.randomUUID();
        double hits = counter("zerocold_cache_requests_total{model=\"sentiment-fast\",result=\"hit\",version=\"1\",}");
        double calls = counter("zerocold_batch_size_count{model=\"sentiment-fast\",version=\"1\",}");
        float first = given().contentType(ContentType.JSON).body(Map.of("text", text, "model", "sentiment-fast"))
                .post("/api/predict/sentiment").then().statusCode(200).extract().path("confidence");
        given().contentType(ContentType.JSON).body(Map.of("text", "  " + text + " ", "model", "sentiment-fast"))
                .post("/api/predict/sentiment").then().statusCode(200).body("confidence", equalTo(first));
        assertEquals(hits + 1, counter("zerocold_cache_requests_total{model=\"sentiment-fast\",result=\"hit\",version=\"1\",}"));
        assertEquals(calls + 1, counter("zerocold_batch_size_count{model=\"sentiment-fast\",version=\"1\",}"),
                "the repeated (trimmed) text did not reach the model");
    }

    /** The value of one series on /q/metrics (0 if absent). */
    static double counter(String series) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : metrics.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }

    @Test
    void jsonSummaryHasTotalsAndPercentiles() {
        given().when().get("/metrics")
                .then().statusCode(200)
                .body("total_requests", greaterThanOrEqualTo(2))
                .body("success_rate", greaterThan(0f))
                .body("latency_ms.p50", greaterThan(0f))
                .body("latency_ms.p99", notNullValue())
                .body("models.'sentiment/1'.calls", greaterThanOrEqualTo(1))
                .body("models.'sentiment-fast/1'.latency_ms.p95", greaterThan(0f));
    }

    @Test
    void openApiDescribesThePredictEndpoint() {
        given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths.'/api/predict/sentiment'.post", notNullValue())
                // Fields as they are on the wire (snake_case), and the interaction endpoint's real status.
                .body("components.schemas.RecommendRequest.properties.user_id", notNullValue())
                .body("components.schemas.RecommendRequest.properties.userId", nullValue())
                .body("components.schemas.ImageRequest.properties.top_k", notNullValue())
                .body("paths.'/api/interactions'.post.responses.'202'", notNullValue());
    }
}
