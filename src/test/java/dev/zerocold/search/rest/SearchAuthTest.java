package dev.zerocold.search.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Who may call {@code /v1/collections} (default config): every write needs the admin key (401
 * without, 403 with a wrong one) before anything else is looked at; reads and queries are open.
 */
@QuarkusTest
class SearchAuthTest {

    private static final String DOC = "{\"documents\": [{\"id\": \"a\", \"text\": \"x\"}]}";

    @Test
    void writesNeedTheKey() {
        given().contentType(ContentType.JSON).body("{\"model\": \"all-minilm-l6-v2\"}").put("/v1/collections/auth-c")
                .then().statusCode(401).header("WWW-Authenticate", "Bearer")
                .body("error.type", equalTo("authentication_error"));
        given().contentType(ContentType.JSON).header("X-API-Key", "wrong").body("{\"model\": \"m\"}")
                .put("/v1/collections/auth-c").then().statusCode(403);
        given().header("Authorization", "Bearer wrong").delete("/v1/collections/auth-c").then().statusCode(403);
        given().delete("/v1/collections/auth-c").then().statusCode(401);
        given().contentType(ContentType.JSON).body(DOC).post("/v1/collections/auth-c/documents").then().statusCode(401);
        given().delete("/v1/collections/auth-c/documents/a").then().statusCode(401);
        // a document whose id is "query" is no query: deleting it is a write
        given().delete("/v1/collections/auth-c/documents/query").then().statusCode(401);
    }

    @Test
    void readsAreOpen() {
        given().get("/v1/collections").then().statusCode(200).body("collections", notNullValue());
        given().get("/v1/collections/no-such-collection").then().statusCode(404)
                .body("error.message", containsString("no-such-collection")).body("error.code", equalTo("item_not_found"));
        given().get("/v1/collections/no-such-collection/documents/a").then().statusCode(404);
        given().contentType(ContentType.JSON).body("{\"query\": \"x\"}").post("/v1/collections/no-such-collection/query")
                .then().statusCode(404);
    }

    @Test
    void withTheKeyAWriteReachesTheService() {
        given().header("X-API-Key", "test-admin-key").delete("/v1/collections/no-such-collection")
                .then().statusCode(404).body("error.type", equalTo("invalid_request_error"));
        given().header("X-API-Key", "test-admin-key").delete("/v1/collections/bad%20name")
                .then().statusCode(400).body("error.message", containsString("zerocold.search.name-pattern"));
    }
}
