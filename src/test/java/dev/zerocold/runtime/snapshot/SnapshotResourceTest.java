package dev.zerocold.runtime.snapshot;

import dev.zerocold.recommend.RecommendConfig;
import dev.zerocold.recommend.service.InteractionJournal;
import dev.zerocold.recommend.service.InteractionService;
import dev.zerocold.recommend.service.RetrainGate;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /snapshot/prepare} on the running app: the journal's file is released and the
 * scheduler paused; the next request of any kind (a prediction, a probe, a V2 call) resumes before
 * it is handled, and interactions are journalled again; a running retraining refuses with a 409.
 */
@QuarkusTest
class SnapshotResourceTest {

    private static final String KEY = "test-admin-key";

    @Inject
    Snapshot snapshot;
    @Inject
    Scheduler scheduler;
    @Inject
    RecommendConfig config;
    @Inject
    InteractionService interactions;
    @Inject
    RetrainGate retraining;

    private static RequestSpecification admin() {
        return given().header("X-API-Key", KEY);
    }

    @BeforeEach
    void running() throws IOException {
        assertFalse(snapshot.prepared());
        assertTrue(scheduler.isRunning());
        assertTrue(OpenFiles.holds(config.journal()));
    }

    @AfterEach
    void resume() {
        snapshot.resume();
    }

    @Test
    void prepareClosesTheJournalAndPausesJobsAndThePredictionAfterResumes() throws IOException {
        String user = "snapshot-" + UUID.randomUUID();
        interact(user, "1");

        admin().post("/snapshot/prepare").then().statusCode(200).contentType(ContentType.JSON)
                .body("state", equalTo("prepared"))
                .body("resources", equalTo(5))  // ... and the collections (search)
                .body("heap_used_bytes", greaterThan(0))
                .body("prepare_ms", greaterThanOrEqualTo(0));
        assertTrue(snapshot.prepared());
        assertFalse(OpenFiles.holds(config.journal()), "the journal's descriptor must be closed");
        assertFalse(scheduler.isRunning(), "the scheduler must be paused");
        admin().post("/snapshot/prepare").then().statusCode(200).body("state", equalTo("prepared"));
        assertTrue(snapshot.prepared(), "preparing again neither resumes nor fails");

        given().contentType(ContentType.JSON).body("{\"text\": \"A fine film\"}")
                .post("/api/predict/sentiment").then().statusCode(200);
        assertFalse(snapshot.prepared());
        assertTrue(scheduler.isRunning());
        assertTrue(OpenFiles.holds(config.journal()));

        interact(user, "2");
        assertTrue(InteractionJournal.read(config.journal()).stream()
                .anyMatch(i -> i.userId().equals(user) && i.itemId() == 2), "journalled after the restore");
    }

    @Test
    void probesAndV2CallsResumeToo() throws IOException {
        for (String probe : new String[] {"/q/health/ready", "/q/health/live", "/v2/health/ready", "/q/metrics"}) {
            snapshot.prepare();
            assertFalse(OpenFiles.holds(config.journal()));
            given().get(probe).then().statusCode(200);
            assertFalse(snapshot.prepared(), probe + " must resume");
            assertTrue(OpenFiles.holds(config.journal()), probe);
        }
        snapshot.prepare();
        given().contentType(ContentType.JSON)
                .body("{\"inputs\": [{\"name\": \"text\", \"shape\": [1], \"datatype\": \"BYTES\", \"data\": [\"great\"]}]}")
                .post("/v2/models/sentiment/infer").then().statusCode(200);
        assertFalse(snapshot.prepared());
    }

    @Test
    void anInteractionThatRacesThePrepareWaitsAndIsJournalledOnResume() throws Exception {
        String user = "racer-" + UUID.randomUUID();
        snapshot.prepare();
        CompletableFuture<?> accept = CompletableFuture.runAsync(() -> interactions.accept(user, "6", 4.0));
        assertThrows(TimeoutException.class, () -> accept.get(200, TimeUnit.MILLISECONDS));

        given().get("/q/health/live").then().statusCode(200);
        accept.get(5, TimeUnit.SECONDS);
        assertTrue(InteractionJournal.read(config.journal()).stream().anyMatch(i -> i.userId().equals(user)));
    }

    @Test
    void prepareNeedsTheManagementKeyAndAnUnauthorisedCallResumesNothing() {
        given().post("/snapshot/prepare").then().statusCode(401).contentType("application/problem+json");
        given().header("X-API-Key", "wrong").post("/snapshot/prepare").then().statusCode(403);
        assertFalse(snapshot.prepared());

        snapshot.prepare();
        given().post("/snapshot/prepare").then().statusCode(401);
        assertTrue(snapshot.prepared(), "only a call that passes the key check prepares; none resumes");
    }

    @Test
    void aRunningRetrainingRefusesWithAConflictAndNothingStaysPrepared() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<?> retrain = CompletableFuture.runAsync(() -> retraining.exclusively(() -> {
            started.countDown();
            try {
                return finish.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }));
        try {
            assertTrue(started.await(5, TimeUnit.SECONDS));
            admin().post("/snapshot/prepare").then().statusCode(409)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://zerocold.dev/problems/snapshot-refused"))
                    .body("status", equalTo(409))
                    .body("detail", containsString("retraining is in progress"));
            assertFalse(snapshot.prepared());
            assertTrue(scheduler.isRunning(), "the scheduler paused before the refusal runs again");
            assertTrue(OpenFiles.holds(config.journal()));
        } finally {
            finish.countDown();
            retrain.get(5, TimeUnit.SECONDS);
        }
        admin().post("/snapshot/prepare").then().statusCode(200);
    }

    @Test
    void openApiListsTheEndpoint() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/snapshot/prepare'.post.responses.'200'", notNullValue())
                .body("paths.'/snapshot/prepare'.post.responses.'409'", notNullValue());
    }

    private static void interact(String user, String item) {
        given().contentType(ContentType.JSON).body("{\"user_id\": \"" + user + "\", \"item_id\": \"" + item + "\"}")
                .post("/api/interactions").then().statusCode(202);
    }
}
