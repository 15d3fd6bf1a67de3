package dev.zerocold.recommend.rest;

import dev.zerocold.recommend.FactorModel;
import dev.zerocold.recommend.FactorModelStore;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class RecommendResourceTest {

    private static final String PATH = "/api/predict/recommend";
    private static final String INTERACTIONS = "/api/interactions";

    @Test
    void knownUserGetsPersonalisedItemsWithTheContractFields() {
        recommend("{\"user_id\": \"1\", \"limit\": 5}").statusCode(200)
                .contentType(ContentType.JSON)
                .body("recommendations", hasSize(5))
                .body("recommendations[0].item_id", notNullValue())
                .body("recommendations[0].title", notNullValue())
                .body("recommendations[0].genres", notNullValue())
                .body("strategy", equalTo("personalized"))
                .body("model", equalTo("recommender"))
                .body("version", equalTo("1"))
                .body("latency_ms", notNullValue());
    }

    @Test
    void recommendationsDifferBetweenUsers() {
        assertNotEquals(itemIds("1", null, 10), itemIds("2", null, 10));
    }

    @Test
    void seenItemsAreExcludedUnlessAskedFor() throws IOException {
        List<String> history = history("15");
        List<String> items = itemIds("15", null, 100);
        assertEquals(100, items.size());
        assertTrue(items.stream().noneMatch(history::contains), "a seen item was recommended");
        List<String> withSeen = given().contentType(ContentType.JSON)
                .body("{\"user_id\": \"15\", \"limit\": 100, \"exclude_seen\": false}")
                .post(PATH).then().statusCode(200).extract().jsonPath().getList("recommendations.item_id");
        assertTrue(withSeen.stream().anyMatch(history::contains), "exclude_seen=false should allow seen items");
    }

    @Test
    void coldUserGetsPopularItemsOfTheCategory() {
        String cold = "cold-" + UUID.randomUUID();
        recommend("{\"user_id\": \"" + cold + "\", \"context\": {\"category\": \"Horror\"}, \"limit\": 10}")
                .statusCode(200)
                .body("strategy", equalTo("popular"))
                .body("recommendations", hasSize(10))
                .body("recommendations.genres", everyItem(hasItem("Horror")));
        assertNotEquals(itemIds(cold, null, 10), itemIds(cold, "Horror", 10));
    }

    @Test
    void categoryFiltersPersonalisedItems() {
        recommend("{\"user_id\": \"1\", \"context\": {\"category\": \"comedy\"}, \"limit\": 20}").statusCode(200)
                .body("strategy", equalTo("personalized"))
                .body("recommendations", hasSize(20))
                .body("recommendations.genres", everyItem(hasItem("Comedy")));
    }

    @Test
    void postedInteractionsChangeRecommendationsAndAreExcluded() {
        String user = "7";
        List<String> before = itemIds(user, null, 10);
        for (String item : before.subList(0, 3)) {
            given().contentType(ContentType.JSON)
                    .body("{\"user_id\": \"" + user + "\", \"item_id\": \"" + item + "\", \"rating\": 5}")
                    .when().post(INTERACTIONS)
                    .then().statusCode(202)
                    .body("accepted", equalTo(true))
                    .body("item_id", equalTo(item));
        }
        List<String> after = itemIds(user, null, 10);
        assertNotEquals(before, after);
        assertTrue(after.stream().noneMatch(before.subList(0, 3)::contains), "posted items must count as seen");
    }

    @Test
    void aNewUserBecomesPersonalisedByInteracting() {
        String user = "new-" + UUID.randomUUID();
        List<String> popular = itemIds(user, null, 10);
        for (String item : List.of("1", "2", "3", "6")) {   // Toy Story, Jumanji, Grumpier Old Men, Heat
            given().contentType(ContentType.JSON).body("{\"user_id\": \"" + user + "\", \"item_id\": \"" + item + "\"}")
                    .post(INTERACTIONS).then().statusCode(202);
        }
        recommend("{\"user_id\": \"" + user + "\"}").statusCode(200).body("strategy", equalTo("personalized"));
        List<String> personal = itemIds(user, null, 10);
        assertNotEquals(popular, personal);
        assertFalse(personal.contains("1"));
    }

    @Test
    void unknownItemIs404Problem() {
        interaction("{\"user_id\": \"1\", \"item_id\": \"999999999\", \"rating\": 4}", 404)
                .body("type", containsString("item-not-found"))
                .body("detail", containsString("999999999"));
    }

    @Test
    void badRatingsAre400Problems() {
        interaction("{\"user_id\": \"1\", \"item_id\": \"356\", \"rating\": 7}", 400)
                .body("detail", containsString("rating"));
        interaction("{\"user_id\": \"1\", \"item_id\": \"356\", \"rating\": 4.3}", 400)
                .body("detail", containsString("steps of 0.5"));
    }

    @Test
    void limitOutOfRangeIs400() {
        problem("{\"user_id\": \"1\", \"limit\": 0}", 400).body("detail", equalTo("limit must be between 1 and 100, got 0"));
        problem("{\"user_id\": \"1\", \"limit\": 101}", 400).body("detail", equalTo("limit must be between 1 and 100, got 101"));
    }

    @Test
    void missingUserIdIs400() {
        problem("{\"limit\": 5}", 400).body("detail", containsString("user_id"));
    }

    @Test
    void unknownCategoryIs400ListingTheGenres() {
        problem("{\"user_id\": \"1\", \"context\": {\"category\": \"Cooking\"}}", 400)
                .body("detail", containsString("unknown category 'Cooking'"))
                .body("detail", containsString("Comedy"));
    }

    @Test
    void predictionsAreCountedPerModelVersion() {
        recommend("{\"user_id\": \"3\"}").statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("zerocold_inference_seconds_count{model=\"recommender\",outcome=\"success\",version=\"1\",}"))
                .body(not(containsString("cold-")));
    }

    private static ValidatableResponse recommend(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post(PATH).then();
    }

    private static List<String> itemIds(String user, String category, int limit) {
        String context = category == null ? "" : ", \"context\": {\"category\": \"" + category + "\"}";
        return recommend("{\"user_id\": \"" + user + "\", \"limit\": " + limit + context + "}")
                .statusCode(200).extract().jsonPath().getList("recommendations.item_id");
    }

    /** The user's training history in the committed model, as item ids. */
    private static List<String> history(String user) throws IOException {
        FactorModel model = FactorModelStore.read(Path.of("models/recommender/1"));
        return Arrays.stream(model.history(model.userIndex(Integer.parseInt(user))).items())
                .mapToObj(index -> String.valueOf(model.item(index).id()))
                .toList();
    }

    private static ValidatableResponse problem(String body, int status) {
        return check(given().contentType(ContentType.JSON).body(body).when().post(PATH).then(), status, PATH);
    }

    private static ValidatableResponse interaction(String body, int status) {
        return check(given().contentType(ContentType.JSON).body(body).when().post(INTERACTIONS).then(), status,
                INTERACTIONS);
    }

    private static ValidatableResponse check(ValidatableResponse response, int status, String path) {
        return response.statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("title", notNullValue())
                .body("instance", equalTo(path));
    }
}
