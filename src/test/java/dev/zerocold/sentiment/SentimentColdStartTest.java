package dev.zerocold.sentiment;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * The first prediction an application serves is answered {@code "cold_start": true} and no later one
 * carries the field. The flag is claimed once per application (StartupTimeline), and the other
 * {@code @QuarkusTest} classes share theirs, so this class has a profile of its own: Quarkus starts
 * an application for it alone, whose first prediction is this test's.
 */
@QuarkusTest
@TestProfile(SentimentColdStartTest.OwnApplication.class)
class SentimentColdStartTest {

    private static final String PATH = "/api/predict/sentiment";
    private static final String FIRST_PREDICTION_METRIC = "zerocold_startup_seconds{phase=\"first_prediction\",}";

    /** No overrides: a distinct profile only so that this class gets an application of its own. */
    public static class OwnApplication implements QuarkusTestProfile {
    }

    @Test
    void onlyTheFirstPredictionOfTheProcessIsCold() {
        given().get("/q/metrics").then().statusCode(200)
                .body(not(containsString(FIRST_PREDICTION_METRIC)));  // nothing has predicted yet

        given().contentType(ContentType.JSON).body("{\"text\": \"fine\"}")
                .when().post(PATH)
                .then().statusCode(200).body("cold_start", equalTo(true));
        given().get("/q/metrics").then().statusCode(200).body(containsString(FIRST_PREDICTION_METRIC));

        for (int i = 0; i < 2; i++) {
            given().contentType(ContentType.JSON).body("{\"text\": \"fine\"}")
                    .when().post(PATH)
                    .then().statusCode(200)
                    .body(not(containsString("cold_start")));
        }
    }
}
