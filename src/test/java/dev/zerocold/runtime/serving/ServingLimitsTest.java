package dev.zerocold.runtime.serving;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The serving core's limits as clients see them, with per-model overrides from config: a full
 * queue is a 503 with Retry-After at once, a passed deadline a 504; both are counted as rejections.
 */
@QuarkusTest
@TestProfile(ServingLimitsTest.TightLimits.class)
class ServingLimitsTest {

    /** sentiment-fast: at most 4 queued items; recommender: a deadline no request can meet. */
    public static class TightLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("zerocold.serving.model.sentiment-fast.batching.max-queue-size", "4",
                    "zerocold.serving.model.recommender.batching.timeout", "0.000001s");
        }
    }

    @Test
    void moreItemsThanTheQueueHoldsIs503WithRetryAfter() {
        given().contentType(ContentType.JSON)
                .body(Map.of("texts", List.of("a", "b", "c", "d", "e"), "model", "sentiment-fast"))
                .post("/api/predict/batch")
                .then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("type", containsString("capacity-exceeded"))
                .body("model", equalTo("sentiment-fast"));
        given().contentType(ContentType.JSON)
                .body(Map.of("texts", List.of("a", "b", "c", "d"), "model", "sentiment-fast"))
                .post("/api/predict/batch").then().statusCode(200);
        given().get("/q/metrics").then()
                .body(containsString("zerocold_rejections_total{model=\"sentiment-fast\",reason=\"queue_full\",version=\"1\",} 5.0"));
    }

    @Test
    void aPassedDeadlineIs504AndTheItemIsNotComputed() {
        given().contentType(ContentType.JSON).body(Map.of("user_id", "42"))
                .post("/api/predict/recommend")
                .then().statusCode(504).contentType("application/problem+json")
                .body("type", containsString("inference-timeout"));
        given().get("/q/metrics").then()
                .body(containsString("zerocold_rejections_total{model=\"recommender\",reason=\"deadline\",version=\"1\",} 1.0"))
                .body(containsString("zerocold_requests_total{model=\"recommender\",outcome=\"timeout\",version=\"1\",} 1.0"));
    }
}
