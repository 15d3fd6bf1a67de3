package dev.zerocold.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * JSON bodies must be exactly the request: no trailing content, no duplicate keys, no unknown
 * fields, no coercion between strings, numbers and booleans; text that is only control or
 * whitespace characters is blank. Each answer is a 400 problem naming what is wrong.
 */
@QuarkusTest
class StrictInputTest {

    private static ValidatableResponse post(String path, String body) {
        return given().contentType(ContentType.JSON).body(body).post(path)
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void trailingContentDuplicateKeysAndUnknownFieldsAreRefused() {
        post("/api/predict/sentiment", "{\"text\": \"fine\"} x").body("detail", containsString("not valid JSON"));
        post("/api/predict/sentiment", "{\"text\": \"fine\"} {}").body("detail", containsString("after its JSON value"));
        post("/api/predict/sentiment", "{\"text\": \"a\", \"text\": \"b\"}").body("detail", containsString("duplicate field 'text'"));
        post("/api/predict/sentiment", "{\"text\": \"fine\", \"colour\": 1}")
                .body("detail", containsString("unknown field 'colour'")).body("detail", containsString("text"));
        post("/api/predict/recommend", "{\"user_id\": \"42\", \"context\": {\"genre\": \"Comedy\"}}")
                .body("detail", containsString("unknown field 'context.genre'"));
    }

    @Test
    void scalarsAreNotCoerced() {
        post("/api/predict/sentiment", "{\"text\": 5}").body("detail", equalTo("field 'text' has the wrong type or format"));
        post("/api/predict/sentiment", "{\"text\": true}").body("detail", containsString("'text'"));
        post("/api/predict/recommend", "{\"user_id\": 42}").body("detail", containsString("'user_id'"));
        post("/api/predict/recommend", "{\"user_id\": \"42\", \"limit\": \"3\"}").body("detail", containsString("'limit'"));
        post("/api/predict/recommend", "{\"user_id\": \"42\", \"limit\": 3.5}").body("detail", containsString("'limit'"));
        post("/api/predict/recommend", "{\"user_id\": \"42\", \"exclude_seen\": \"yes\"}")
                .body("detail", containsString("'exclude_seen'"));
        post("/api/predict/sentiment", "{\"text\": \"fine\", \"options\": {\"detailed\": 1}}")
                .body("detail", containsString("'options.detailed'"));
        post("/api/interactions", "{\"user_id\": \"42\", \"item_id\": \"356\", \"rating\": \"4.5\"}")
                .body("detail", containsString("'rating'"));
    }

    @Test
    void textOfOnlyControlOrInvisibleCharactersIsBlank() {
        post("/api/predict/sentiment", "{\"text\": \"\\u0000\"}").body("detail", containsString("blank"));
        post("/api/predict/sentiment", "{\"text\": \"\\u200b\\u0007 \\t\"}").body("detail", containsString("blank"));
        post("/api/predict/batch", "{\"texts\": [\"ok\", \"\\ufeff\"]}").body("detail", containsString("texts[1] must not be blank"));
        given().contentType(ContentType.JSON).body("{\"text\": \"fine \\u0000\"}").post("/api/predict/sentiment")
                .then().statusCode(200);
    }

    @Test
    void theDocumentedBodiesStillWork() {
        given().contentType(ContentType.JSON)
                .body("{\"text\": \"This is amazing!\", \"options\": {\"detailed\": false}, \"model\": \"sentiment\", \"version\": \"1\"}")
                .post("/api/predict/sentiment").then().statusCode(200);
        given().contentType(ContentType.JSON)
                .body("{\"user_id\": \"42\", \"context\": {\"category\": \"Comedy\"}, \"limit\": 10, \"exclude_seen\": true}")
                .post("/api/predict/recommend").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"texts\": [\"Great product!\", \"Terrible service\"], \"model\": \"sentiment\"}")
                .post("/api/predict/batch").then().statusCode(200);
    }
}
