package dev.zerocold.recommend;

import dev.zerocold.recommend.service.RetrainJob;
import dev.zerocold.recommend.service.Retrainer;
import dev.zerocold.runtime.ModelStatus;
import dev.zerocold.runtime.registry.ModelVersion;
import dev.zerocold.testing.Await;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retraining deploys a version: the result is written under the writable model root and served as
 * the recommender's next version; recommender/1 never changes; rollback is a traffic change; only
 * the newest keep-versions retrained versions are kept.
 */
@QuarkusTest
@TestProfile(RetrainedVersionsTest.OwnStateDir.class)
class RetrainedVersionsTest {

    static final Path STATE = Path.of("target/retrain-state");

    /** A fresh state directory (so nothing retrained earlier loads) and two kept versions. */
    public static class OwnStateDir implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            delete(STATE);
            return Map.of("zerocold.models.state-dir", STATE.toString(), "zerocold.recommend.keep-versions", "2");
        }
    }

    @Inject
    RetrainJob retraining;

    @Test
    void aRetrainedModelIsTheNextVersionAndRollbackIsATrafficChange() throws Exception {
        String committed = digest(Path.of("models/recommender/1"));
        Retrainer.Result result = new Retrainer.Result(Retrainer.Outcome.SWAPPED, 0.1, 0.2, 0, TinyModels.tiny(), Map.of());

        ModelVersion second = retraining.publish(result, List.of());
        assertEquals(ModelStatus.READY, second.status());
        assertEquals("2", second.key().version());
        assertTrue(Files.isRegularFile(STATE.resolve("models/recommender/2/training.json")));
        recommend(null).body("version", equalTo("2")).body("recommendations[0].title", equalTo("Beta")); // the tiny catalogue: 7 saw Alpha
        recommend("1").body("version", equalTo("1"));

        given().header("X-API-Key", "test-admin-key").contentType(ContentType.JSON).body(Map.of("1", 1.0))
                .put("/models/recommender/traffic").then().statusCode(200);
        recommend(null).body("version", equalTo("1"));  // rolled back without touching a file
        given().header("X-API-Key", "test-admin-key").contentType(ContentType.JSON).body("{}")
                .put("/models/recommender/traffic").then().statusCode(200);

        retraining.publish(result, List.of());
        retraining.publish(result, List.of());  // versions 3 and 4: with keep-versions 2, 2 goes
        List<String> versions = Await.until("version 2 retired", Await.PATIENCE,
                () -> given().get("/models/recommender").then().extract().<List<String>>path("versions.version"),
                present -> !present.contains("2"));
        assertEquals(List.of("1", "3", "4"), versions);
        assertFalse(Files.exists(STATE.resolve("models/recommender/2")), "the retired version's folder is deleted");
        recommend(null).body("version", equalTo("4"));
        assertEquals(committed, digest(Path.of("models/recommender/1")), "recommender/1 never changes");
    }

    private static io.restassured.response.ValidatableResponse recommend(String version) {
        Map<String, Object> body = version == null ? Map.of("user_id", "7", "limit", 3)
                : Map.of("user_id", "7", "limit", 3, "version", version);
        return given().contentType(ContentType.JSON).body(body).post("/api/predict/recommend").then().statusCode(200);
    }

    private static String digest(Path dir) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                sha.update(Files.readAllBytes(f));
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
