package dev.zerocold.search.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;

/** With {@code zerocold.search.require-key-for-reads=true} reads and queries need the admin key too. */
@QuarkusTest
@TestProfile(SearchReadKeyTest.ReadsGuarded.class)
class SearchReadKeyTest {

    public static class ReadsGuarded implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("zerocold.search.require-key-for-reads", "true");
        }
    }

    @Test
    void readsNeedTheKey() {
        given().get("/v1/collections").then().statusCode(401);
        given().get("/v1/collections/x").then().statusCode(401);
        given().get("/v1/collections/x/documents/a").then().statusCode(401);
        given().contentType(ContentType.JSON).body("{\"query\": \"x\"}").post("/v1/collections/x/query")
                .then().statusCode(401);
        given().header("X-API-Key", "wrong").get("/v1/collections").then().statusCode(403);
        given().header("X-API-Key", "test-admin-key").get("/v1/collections").then().statusCode(200);
        given().header("X-API-Key", "test-admin-key").get("/v1/collections/x").then().statusCode(404);
        // other families stay as they were
        given().get("/models").then().statusCode(200);
    }
}
