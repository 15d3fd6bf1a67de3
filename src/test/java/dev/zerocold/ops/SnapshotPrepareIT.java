package dev.zerocold.ops;

import dev.zerocold.recommend.service.Interaction;
import dev.zerocold.recommend.service.InteractionJournal;
import dev.zerocold.runtime.snapshot.OpenFiles;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a checkpoint script sees of the packaged app: after {@code POST /snapshot/prepare} the
 * process holds no descriptor of the interaction journal; the next probe reopens it, and
 * interactions are journalled again.
 */
class SnapshotPrepareIT {

    @Test
    void prepareReleasesTheJournalAndAProbeResumes() throws Exception {
        Path state = Path.of("target/it-snapshot");
        InteractionDurabilityIT.deleteTree(state);
        Path journal = state.resolve("interactions.log");
        try (PackagedApp app = PackagedApp.start(state)) {
            long pid = app.process.pid();
            assertEquals(202, app.postJson("/api/interactions", "{\"user_id\": \"before\", \"item_id\": \"1\"}").statusCode());
            assertTrue(OpenFiles.holds(pid, journal));

            HttpResponse<String> prepared = app.http.send(HttpRequest.newBuilder(app.uri("/snapshot/prepare"))
                    .timeout(Duration.ofSeconds(30)).header("X-API-Key", "test-admin-key")
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, prepared.statusCode(), prepared.body());
            assertTrue(prepared.body().contains("\"state\":\"prepared\""), prepared.body());
            assertFalse(OpenFiles.holds(pid, journal), "the prepared process still holds the journal open");

            assertEquals(200, app.get("/q/health/ready").statusCode());
            assertTrue(OpenFiles.holds(pid, journal), "the probe did not resume the journal");
            assertEquals(202, app.postJson("/api/interactions", "{\"user_id\": \"after\", \"item_id\": \"2\"}").statusCode());
        }
        assertEquals(List.of("before", "after"), InteractionJournal.read(journal).stream().map(Interaction::userId).toList());
    }
}
