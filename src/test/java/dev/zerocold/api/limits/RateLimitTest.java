package dev.zerocold.api.limits;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Per-client token buckets: 429 with Retry-After past the burst, per client, batch items counted. */
@QuarkusTest
@TestProfile(RateLimitTest.Limited.class)
class RateLimitTest {

    /** Tight limits: a burst of 3 predictions and of 10 batch items, refilled slowly. */
    public static class Limited implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("zerocold.rate-limit.predict.enabled", "true",
                    "zerocold.rate-limit.predict.per-second", "0.2",
                    "zerocold.rate-limit.predict.burst", "3",
                    "zerocold.rate-limit.batch.enabled", "true",
                    "zerocold.rate-limit.batch.per-second", "0.2",
                    "zerocold.rate-limit.batch.burst", "10");
        }
    }

    private static RequestSpecification as(String client) {
        return given().header("X-API-Key", client).contentType(ContentType.JSON);
    }

    @Test
    void aClientPastItsBurstGets429WithRetryAfterAndOthersDoNot() {
        for (int i = 0; i < 3; i++) {
            as("alice").body(Map.of("text", "fine")).post("/api/predict/sentiment").then().statusCode(200);
        }
        as("alice").body(Map.of("text", "fine")).post("/api/predict/sentiment")
                .then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("status", equalTo(429)).body("detail", containsString("rate limit"));
        as("alice").body(Map.of("inputs", List.of(Map.of("name", "text", "datatype", "BYTES", "shape", List.of(1),
                        "data", List.of("fine")))))
                .post("/v2/models/sentiment/infer")
                .then().statusCode(429).contentType(ContentType.JSON).body("error", containsString("rate limit"));
        as("bob").body(Map.of("text", "fine")).post("/api/predict/sentiment").then().statusCode(200);
        given().get("/q/metrics").then().body(containsString("zerocold_rate_limited_total{family=\"predict\",}"));
    }

    @Test
    void managementCallsCountAgainstTheManagementFamily() {
        assertEquals(RateLimiter.Family.MANAGEMENT, RateLimitFilter.family("/snapshot/prepare", "POST"));
        assertEquals(RateLimiter.Family.MANAGEMENT, RateLimitFilter.family("/v2/repository/index", "POST"));
        assertEquals(RateLimiter.Family.MANAGEMENT, RateLimitFilter.family("/models/sentiment", "DELETE"));
        assertNull(RateLimitFilter.family("/models", "GET"));
    }

    @Test
    void theBatchEndpointCountsItems() {
        as("carol").body(Map.of("texts", Collections.nCopies(8, "good"))).post("/api/predict/batch").then().statusCode(200);
        as("carol").body(Map.of("texts", Collections.nCopies(8, "good"))).post("/api/predict/batch")
                .then().statusCode(429).header("Retry-After", notNullValue());
        as("dave").body(Map.of("texts", Collections.nCopies(11, "good"))).post("/api/predict/batch")
                .then().statusCode(429).body("detail", containsString("burst of 10"));
        as("dave").body(Map.of("texts", Collections.nCopies(10, "good"))).post("/api/predict/batch").then().statusCode(200);
    }
}
