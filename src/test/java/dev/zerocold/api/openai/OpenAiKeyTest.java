package dev.zerocold.api.openai;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** With {@code zerocold.openai.api-keys} set, {@code /v1} wants a key as OpenAI's clients send it; the task endpoints stay open. */
@QuarkusTest
@TestProfile(OpenAiKeyTest.WithKey.class)
class OpenAiKeyTest {

    /** One OpenAI key; the test profile's management key is {@code test-admin-key}. */
    public static class WithKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("zerocold.openai.api-keys", "sk-test-key");
        }
    }

    private static final String BODY = "{\"model\": \"all-minilm-l6-v2\", \"input\": \"keyed\"}";

    @Test
    void aBearerKeyIsNeededAndAManagementKeyWorksToo() {
        given().contentType(ContentType.JSON).body(BODY).post("/v1/embeddings").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("error.type", equalTo("authentication_error"))
                .body("error.code", equalTo("invalid_api_key"))
                .body("error.message", equalTo("an API key is required (Authorization: Bearer <key>)"));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer sk-wrong").body(BODY)
                .post("/v1/embeddings").then().statusCode(401).body("error.message", equalTo("the API key is not valid"));
        given().header("Authorization", "Bearer sk-wrong").get("/v1/models").then().statusCode(401);
        given().contentType(ContentType.JSON).header("Authorization", "Bearer sk-test-key").body(BODY)
                .post("/v1/embeddings").then().statusCode(200).body("data[0].embedding.size()", equalTo(384));
        given().header("Authorization", "Bearer test-admin-key").get("/v1/models").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"text\": \"still open\"}").post("/api/predict/sentiment")
                .then().statusCode(200);
    }
}
