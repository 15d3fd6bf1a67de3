package dev.zerocold.sentiment;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class SentimentResourceTest {

    private static final String PATH = "/api/predict/sentiment";

    @Test
    void positiveTextIsPositiveWithTheContractFields() {
        given().contentType(ContentType.JSON).body("{\"text\": \"This is amazing! I love it.\"}")
                .when().post(PATH)
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("sentiment", equalTo("positive"))
                .body("confidence", allOf(greaterThan(0.6f), lessThanOrEqualTo(1f)))
                .body("score", greaterThan(0.2f))
                .body("model", equalTo("sentiment"))
                .body("version", equalTo("1"))
                .body("latency_ms", greaterThan(0f))
                .body("probabilities", nullValue());
    }

    @Test
    void negativeTextIsNegative() {
        given().contentType(ContentType.JSON).body("{\"text\": \"Terrible service, the food was cold and the staff rude.\"}")
                .when().post(PATH)
                .then().statusCode(200)
                .body("sentiment", equalTo("negative"))
                .body("score", lessThan(-0.2f));
    }

    @Test
    void fastModelIsSelectable() {
        given().contentType(ContentType.JSON)
                .body("{\"text\": \"Great product, works perfectly.\", \"model\": \"sentiment-fast\", \"version\": \"1\"}")
                .when().post(PATH)
                .then().statusCode(200)
                .body("model", equalTo("sentiment-fast"))
                .body("version", equalTo("1"))
                .body("sentiment", equalTo("positive"));
    }

    @Test
    void detailedScoresEverySentence() {
        given().contentType(ContentType.JSON)
                .body("{\"text\": \"The screen is gorgeous. The battery is awful and died in an hour.\", \"options\": {\"detailed\": true}}")
                .when().post(PATH)
                .then().statusCode(200)
                .body("probabilities.positive", greaterThanOrEqualTo(0f))
                .body("probabilities.negative", greaterThanOrEqualTo(0f))
                .body("sentences", hasSize(2))
                .body("sentences[0].text", equalTo("The screen is gorgeous."))
                .body("sentences[0].sentiment", equalTo("positive"))
                .body("sentences[1].sentiment", equalTo("negative"))
                .body("sentences[1].score", lessThan(0f));
    }

    @Test
    void blankTextIsAProblem() {
        problem("{\"text\": \"   \"}", 400).body("detail", equalTo("text must not be blank"));
    }

    @Test
    void missingTextIsAProblem() {
        problem("{\"model\": \"sentiment\"}", 400).body("detail", containsString("text"));
    }

    @Test
    void overLongTextIsAProblem() {
        problem("{\"text\": \"" + "a".repeat(10_001) + "\"}", 400)
                .body("detail", containsString("at most 10000"));
    }

    @Test
    void malformedJsonIsAProblem() {
        problem("{\"text\": \"unterminated", 400).body("title", equalTo("Malformed request"));
    }

    @Test
    void wrongJsonTypeIsAProblemNamingTheField() {
        problem("{\"text\": [1, 2]}", 400)
                .body("detail", equalTo("field 'text' has the wrong type or format"))
                .body("detail", not(containsString("java")));
    }

    @Test
    void emptyBodyIsAProblem() {
        problem("", 400).body("detail", notNullValue());
    }

    @Test
    void unknownModelIs404() {
        problem("{\"text\": \"hello\", \"model\": \"nope\"}", 404)
                .body("type", containsString("model-not-found"))
                .body("model", equalTo("nope"));
    }

    @Test
    void unknownVersionIs404() {
        problem("{\"text\": \"hello\", \"version\": \"99\"}", 404)
                .body("detail", equalTo("model 'sentiment' has no version '99'"));
    }

    @Test
    void wrongContentTypeIs415() {
        given().contentType(ContentType.TEXT).body("I love it")
                .when().post(PATH)
                .then().statusCode(415)
                .contentType("application/problem+json")
                .body("status", equalTo(415))
                .body("instance", equalTo(PATH));
    }

    @Test
    void wrongMethodIs405Problem() {
        given().when().get(PATH)
                .then().statusCode(405)
                .contentType("application/problem+json");
    }

    private static io.restassured.response.ValidatableResponse problem(String body, int status) {
        return given().contentType(ContentType.JSON).body(body)
                .when().post(PATH)
                .then().statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("type", notNullValue())
                .body("title", notNullValue())
                .body("instance", equalTo(PATH));
    }
}
