package dev.zerocold.ops;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
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
                .body(containsString("zerocold_inference_seconds_count{model=\"sentiment\",outcome=\"success\",version=\"1\"}"))
                .body(containsString("zerocold_inference_seconds_bucket{model=\"sentiment-fast\",outcome=\"success\",version=\"1\""))
                .body(containsString("zerocold_batch_size_count{model=\"sentiment\",version=\"1\"}"))
                .body(matchesPattern("(?s).*zerocold_model_load_seconds\\{model=\"sentiment\",version=\"1\"} [0-9.E-]+.*"))
                .body(containsString("zerocold_model_ready{model=\"sentiment-fast\",version=\"1\"} 1.0"))
                .body(matchesPattern("(?s).*zerocold_startup_seconds\\{phase=\"http_listening\"} [0-9.E-]+.*"))
                .body(containsString("zerocold_startup_seconds{phase=\"first_prediction\"}"));
    }

    @Test
    void invalidRequestsAreCountedWithoutUserInputInTags() {
        given().contentType(ContentType.JSON).body("{\"text\": \"x\", \"model\": \"no-such-model-xyz\"}")
                .post("/api/predict/sentiment").then().statusCode(404);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.not(containsString("no-such-model-xyz")));
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
