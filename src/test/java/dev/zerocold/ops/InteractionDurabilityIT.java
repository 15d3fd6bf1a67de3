package dev.zerocold.ops;

import dev.zerocold.recommend.service.Interaction;
import dev.zerocold.recommend.service.InteractionJournal;
import dev.zerocold.recommend.service.JournalEntries;
import dev.zerocold.testing.Await;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 202 means the interaction is on disk: the packaged app is killed with SIGKILL in the middle of a
 * stream of interactions, restarted on the same journal, and every interaction that got a 202 is
 * there (the restarted server replays it).
 */
class InteractionDurabilityIT {

    private static final int[] ITEMS = {1, 110, 260, 296, 318, 356, 480, 527, 589, 593};

    @Test
    void everyAcceptedInteractionSurvivesSigkill() throws Exception {
        Path state = Path.of("target/it-kill");
        deleteTree(state);
        Map<String, Integer> accepted = new ConcurrentHashMap<>();  // "user/n" -> item, one per 202
        AtomicBoolean killed = new AtomicBoolean();
        try (PackagedApp app = PackagedApp.start(state)) {
            ExecutorService clients = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> streams = new ArrayList<>();
                for (int c = 0; c < 4; c++) {
                    String user = "durable-" + c;
                    streams.add(clients.submit(() -> {
                        for (int n = 0; !killed.get(); n++) {
                            int item = ITEMS[n % ITEMS.length];
                            try {
                                HttpResponse<String> response = app.postJson("/api/interactions",
                                        "{\"user_id\": \"" + user + "\", \"item_id\": \"" + item + "\", \"rating\": 4.5}");
                                if (response.statusCode() == 202) {
                                    accepted.put(user + "/" + n, item);
                                }
                            } catch (IOException e) {
                                return null;  // killed under this request: it got no 202
                            }
                        }
                        return null;
                    }));
                }
                Await.until("100 interactions accepted", () -> accepted.size() >= 100);
                killed.set(true);
                app.process.destroyForcibly();  // SIGKILL: no shutdown hook, no flush
                app.process.waitFor(10, TimeUnit.SECONDS);
                for (Future<?> stream : streams) {
                    stream.get(30, TimeUnit.SECONDS);
                }
            } finally {
                clients.shutdownNow();
            }
        }
        assertTrue(accepted.size() > 10, "only " + accepted.size() + " interactions were accepted before the kill");

        // What is on disk after the kill, before anything else touches the journal.
        JournalEntries onDisk = InteractionJournal.entries(state.resolve("interactions.log"), Long.MAX_VALUE);
        Map<String, Map<Integer, Integer>> found = new HashMap<>();
        for (Interaction interaction : onDisk.entries()) {
            found.computeIfAbsent(interaction.userId(), u -> new HashMap<>()).merge(interaction.itemId(), 1, Integer::sum);
        }
        Map<String, Map<Integer, Integer>> expected = new HashMap<>();
        accepted.forEach((key, item) -> expected.computeIfAbsent(key.substring(0, key.indexOf('/')), u -> new HashMap<>())
                .merge(item, 1, Integer::sum));
        for (String user : expected.keySet()) {
            for (Map.Entry<Integer, Integer> item : expected.get(user).entrySet()) {
                int count = found.getOrDefault(user, Map.of()).getOrDefault(item.getKey(), 0);
                assertTrue(count >= item.getValue(), user + " item " + item.getKey() + ": " + item.getValue()
                        + " accepted, " + count + " on disk");
            }
        }
        assertTrue(onDisk.next() >= accepted.size(), onDisk.next() + " entries on disk, " + accepted.size() + " accepted");

        try (PackagedApp restarted = PackagedApp.start(state)) {
            String log = Files.readString(state.resolve("app.log"));
            assertTrue(log.contains("Replayed " + onDisk.size() + " interactions"), "the restart did not replay the journal");
            assertEquals(200, restarted.postJson("/api/predict/recommend", "{\"user_id\": \"durable-0\"}").statusCode());
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
