package dev.zerocold.search.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /v1/collections} through the real embedder ({@code all-minilm-l6-v2}): a collection's
 * lifecycle and binding, upserts that replace by id, each query mode on four documents of unrelated
 * topics (a query that shares no word with its document must still find it densely), filters,
 * a query vector taken from {@code /v1/embeddings}, errors in OpenAI's shape, metrics, and a
 * snapshot prepare that the next query resumes from.
 */
@QuarkusTest
class SearchResourceTest {

    private static final String KEY = "test-admin-key";
    private static final String MODEL = "all-minilm-l6-v2";
    private static final String C = "/v1/collections/res-topics";
    private static final List<Map<String, Object>> TOPICS = List.of(
            Map.of("id", "cats", "text", "Cats are small furry pets that purr and chase mice.", "metadata", Map.of("kind", "animal", "legs", 4)),
            Map.of("id", "dogs", "text", "Dogs are loyal animals that bark and fetch sticks.", "metadata", Map.of("kind", "animal", "legs", 4.0)),
            Map.of("id", "stocks", "text", "The stock market fell as investors sold their shares.", "metadata", Map.of("kind", "finance")),
            Map.of("id", "rain", "text", "Heavy rain and thunderstorms are expected tomorrow.", "metadata", Map.of("kind", "weather", "alert", true)));

    private static RequestSpecification admin() {
        return given().header("X-API-Key", KEY).contentType(ContentType.JSON);
    }

    @AfterEach
    void cleanUp() {
        for (String name : List.of("res-topics", "res-life")) {
            admin().delete("/v1/collections/" + name);
        }
    }

    @Test
    void aCollectionIsBoundToOneModelVersion() {
        admin().body(Map.of("model", MODEL)).put("/v1/collections/res-life").then().statusCode(201)
                .body("name", equalTo("res-life")).body("model", equalTo(MODEL)).body("version", equalTo("1"))
                .body("dimensions", equalTo(384)).body("documents", equalTo(0)).body("created", notNullValue());
        admin().body(Map.of("model", MODEL)).put("/v1/collections/res-life").then().statusCode(200);
        admin().body(Map.of("model", MODEL, "version", "1")).put("/v1/collections/res-life").then().statusCode(200);
        admin().body(Map.of("model", MODEL, "version", "2")).put("/v1/collections/res-life").then().statusCode(409)
                .body("error.code", equalTo("model_conflict"));
        admin().body(Map.of("model", "bge-small-en-v1.5")).put("/v1/collections/res-life").then().statusCode(409);
        given().get("/v1/collections").then().statusCode(200).body("collections.name", hasItem("res-life"));
        given().get("/v1/collections/res-life").then().statusCode(200).body("dimensions", equalTo(384));
        admin().delete("/v1/collections/res-life").then().statusCode(204);
        given().get("/v1/collections/res-life").then().statusCode(404);
        admin().body(Map.of("model", "sentiment")).put("/v1/collections/res-life").then().statusCode(400);
        admin().body(Map.of("model", "no-such-model")).put("/v1/collections/res-life").then().statusCode(404);
    }

    @Test
    void eachModeFindsTheRightDocument() {
        topics();
        // no word in common with the cats document: only the dense side can find it
        assertEquals("cats", top(Map.of("query", "a kitten meowing", "mode", "dense")).get(0));
        assertEquals("cats", top(Map.of("query", "a kitten meowing")).get(0));
        assertEquals(List.of(), top(Map.of("query", "a kitten meowing", "mode", "lexical")));
        assertEquals(List.of("stocks"), top(Map.of("query", "investors", "mode", "lexical")));
        assertEquals("rain", top(Map.of("query", "storm forecast for tomorrow")).get(0));

        List<Float> scores = query(Map.of("query", "a kitten meowing", "mode", "dense", "top_k", 4)).getList("results.score", Float.class);
        assertEquals(4, scores.size());
        for (int i = 1; i < scores.size(); i++) {
            assertTrue(scores.get(i - 1) >= scores.get(i), "best first: " + scores);
        }
        assertTrue(scores.get(0) <= 1.0001f && scores.get(3) >= -1.0001f, "cosines: " + scores);
    }

    @Test
    void filtersApplyInEveryMode() {
        topics();
        assertEquals(List.of("stocks"), top(Map.of("query", "a kitten meowing", "mode", "dense", "filter", Map.of("kind", "finance"))));
        assertEquals(List.of("stocks"), top(Map.of("query", "a kitten meowing", "filter", Map.of("kind", "finance"))));
        assertEquals(List.of(), top(Map.of("query", "investors", "mode", "lexical", "filter", Map.of("kind", "animal"))));
        // 4 and 4.0 are the same number
        assertEquals(List.of("cats", "dogs"), top(Map.of("query", "pets", "filter", Map.of("legs", 4))).stream().sorted().toList());
        assertEquals(List.of("rain"), top(Map.of("query", "pets", "filter", Map.of("alert", true))));
        query(Map.of("query", "pets", "filter", Map.of("colour", "red")), 400)
                .then().body("error.param", equalTo("filter.colour"));
    }

    @Test
    void aVectorFromTheEmbeddingsEndpointQueriesLikeItsText() {
        topics();
        List<Float> vector = given().contentType(ContentType.JSON).body(Map.of("model", MODEL, "input", "a kitten meowing"))
                .post("/v1/embeddings").then().statusCode(200).extract().jsonPath().getList("data[0].embedding", Float.class);
        JsonPath byVector = query(Map.of("vector", vector, "mode", "dense", "top_k", 4));
        JsonPath byText = query(Map.of("query", "a kitten meowing", "mode", "dense", "top_k", 4));
        assertEquals(byText.getList("results.id"), byVector.getList("results.id"));
        List<Float> a = byText.getList("results.score", Float.class);
        List<Float> b = byVector.getList("results.score", Float.class);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i), b.get(i), 1e-4);
        }
        query(Map.of("vector", vector.subList(0, 383), "mode", "dense"), 400).then().body("error.param", equalTo("vector"));
        query(Map.of("vector", vector), 400).then().body("error.message", containsString("mode dense"));
    }

    @Test
    void upsertReplacesByIdAndDeletesAreCommitted() {
        topics();
        admin().body(Map.of("documents", List.of(Map.of("id", "cats", "text", "Quarterly earnings beat analyst forecasts."))))
                .post(C + "/documents").then().statusCode(200).body("upserted", equalTo(1));
        given().get(C + "/documents/cats").then().statusCode(200)
                .body("text", equalTo("Quarterly earnings beat analyst forecasts.")).body("metadata", equalTo(Map.of()));
        given().get(C).then().body("documents", equalTo(4));
        assertTrue(!top(Map.of("query", "a kitten meowing", "mode", "dense")).get(0).equals("cats"));
        admin().delete(C + "/documents/stocks").then().statusCode(204);
        admin().delete(C + "/documents/stocks").then().statusCode(404);
        given().get(C + "/documents/stocks").then().statusCode(404);
        assertEquals(List.of(), top(Map.of("query", "investors", "mode", "lexical")));
        given().get(C).then().body("documents", equalTo(3));
        admin().body(Map.of("documents", List.of(Map.of("id", "x", "text", "fine"), Map.of("id", "x", "text", "again"))))
                .post(C + "/documents").then().statusCode(400).body("error.param", equalTo("documents[1].id"));
        given().get(C + "/documents/x").then().statusCode(404);
    }

    @Test
    void queriesAreTimedByModeAndAPreparedSnapshotResumesOnTheNextQuery() {
        topics();
        List<String> before = top(Map.of("query", "storm forecast for tomorrow"));
        given().header("X-API-Key", KEY).post("/snapshot/prepare").then().statusCode(200);
        assertEquals(before, top(Map.of("query", "storm forecast for tomorrow")));
        admin().body(Map.of("documents", List.of(Map.of("id", "snow", "text", "Snow will fall in the mountains."))))
                .post(C + "/documents").then().statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        String search = metrics.lines().filter(l -> l.startsWith("zerocold_search")).collect(Collectors.joining("\n"));
        assertTrue(Pattern.compile("(?m)^zerocold_search_queries_seconds_count\\{[^}]*mode=\"hybrid\"[^}]*} [1-9]")
                .matcher(search).find(), "hybrid queries timed:\n" + search);
        assertTrue(Pattern.compile("(?m)^zerocold_search_documents_upserted_total(\\{[^}]*})? [1-9]").matcher(search).find(),
                "upserts counted:\n" + search);
        assertTrue(!metrics.contains("res-topics"), "no collection names in metrics");
    }

    private static void topics() {
        admin().body(Map.of("model", MODEL)).put(C).then().statusCode(201);
        admin().body(Map.of("documents", TOPICS)).post(C + "/documents").then().statusCode(200).body("upserted", equalTo(4));
    }

    private static List<String> top(Map<String, Object> query) {
        return query(query).getList("results.id", String.class);
    }

    private static JsonPath query(Map<String, Object> query) {
        return query(query, 200).jsonPath();
    }

    private static Response query(Map<String, Object> query, int status) {
        Response response = given().contentType(ContentType.JSON).body(query).post(C + "/query");
        response.then().statusCode(status);
        return response;
    }
}
