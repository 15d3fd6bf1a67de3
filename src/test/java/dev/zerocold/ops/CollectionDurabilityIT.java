package dev.zerocold.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zerocold.testing.Await;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code {"upserted": n}} means the documents are committed: the packaged app is killed with SIGKILL
 * in the middle of a stream of upserts (real embeddings, all-minilm-l6-v2), restarted on the same
 * state directory, and every acknowledged document is there with its text; then the restarted app's
 * answers to a set of queries (each mode, with and without a filter) are recorded, it is killed
 * again, and the next start answers them identically.
 */
class CollectionDurabilityIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "test-admin-key";
    private static final String C = "/v1/collections/durable";
    private static final String[] WORDS = {"river", "mountain", "engine", "violin", "harvest", "comet", "ledger",
            "glacier", "orchard", "circuit", "lantern", "canyon"};
    private static final List<String> QUERIES = List.of(
            "{\"query\": \"a comet over the glacier\", \"top_k\": 5}",
            "{\"query\": \"violin music\", \"top_k\": 5, \"mode\": \"dense\"}",
            "{\"query\": \"river orchard\", \"top_k\": 5, \"mode\": \"lexical\"}",
            "{\"query\": \"engine circuit\", \"top_k\": 5, \"filter\": {\"client\": 1}}");

    @Test
    void acknowledgedDocumentsAndResultsSurviveSigkill() throws Exception {
        Path state = Path.of("target/it-collections-kill");
        InteractionDurabilityIT.deleteTree(state);
        Map<String, String> acknowledged = new ConcurrentHashMap<>();  // id -> text, per {"upserted": n}
        AtomicBoolean killed = new AtomicBoolean();
        try (PackagedApp app = PackagedApp.start(state)) {
            HttpResponse<String> created = send(app, "PUT", C, "{\"model\": \"all-minilm-l6-v2\"}");
            assertEquals(201, created.statusCode(), created.body());
            ExecutorService clients = Executors.newFixedThreadPool(3);
            try {
                List<Future<?>> streams = new ArrayList<>();
                for (int c = 0; c < 3; c++) {
                    int client = c;
                    streams.add(clients.submit(() -> {
                        for (int n = 0; !killed.get(); n++) {
                            Map<String, String> bulk = new java.util.LinkedHashMap<>();
                            StringBuilder body = new StringBuilder("{\"documents\": [");
                            for (int j = 0; j < 4; j++) {
                                String id = "c" + client + "-" + n + "-" + j;
                                String text = "The " + WORDS[(n + j) % WORDS.length] + " and the "
                                        + WORDS[(n * 7 + j + client) % WORDS.length] + ", note " + id;
                                bulk.put(id, text);
                                body.append(j == 0 ? "" : ", ").append("{\"id\": \"").append(id).append("\", \"text\": \"")
                                        .append(text).append("\", \"metadata\": {\"client\": ").append(client).append("}}");
                            }
                            body.append("]}");
                            try {
                                HttpResponse<String> response = send(app, "POST", C + "/documents", body.toString());
                                if (response.statusCode() == 200
                                        && JSON.readTree(response.body()).path("upserted").asInt() == bulk.size()) {
                                    acknowledged.putAll(bulk);
                                }
                            } catch (IOException e) {
                                return null;  // killed under this request: it was not acknowledged
                            }
                        }
                        return null;
                    }));
                }
                Await.until("60 documents acknowledged", Duration.ofSeconds(60), () -> acknowledged.size() >= 60);
                killed.set(true);
                app.process.destroyForcibly();  // SIGKILL: no shutdown hook, no commit on close
                app.process.waitFor(10, TimeUnit.SECONDS);
                for (Future<?> stream : streams) {
                    stream.get(30, TimeUnit.SECONDS);
                }
            } finally {
                clients.shutdownNow();
            }
        }

        List<String> answers;
        try (PackagedApp restarted = PackagedApp.start(state)) {
            for (Map.Entry<String, String> document : acknowledged.entrySet()) {
                HttpResponse<String> found = restarted.get(C + "/documents/" + document.getKey());
                assertEquals(200, found.statusCode(), document.getKey() + " was acknowledged: " + found.body());
                assertEquals(document.getValue(), JSON.readTree(found.body()).path("text").asText());
            }
            int count = JSON.readTree(restarted.get(C).body()).path("documents").asInt();
            assertTrue(count >= acknowledged.size(), count + " documents, " + acknowledged.size() + " acknowledged");
            answers = answers(restarted);
            for (String answer : answers) {
                assertTrue(JSON.readTree(answer).size() > 0, answer);
            }
            restarted.process.destroyForcibly();
            restarted.process.waitFor(10, TimeUnit.SECONDS);
        }
        try (PackagedApp again = PackagedApp.start(state)) {
            assertEquals(answers, answers(again), "the same queries answered otherwise after a restart");
        }
    }

    private static List<String> answers(PackagedApp app) throws IOException, InterruptedException {
        List<String> answers = new ArrayList<>();
        for (String query : QUERIES) {
            HttpResponse<String> response = app.postJson(C + "/query", query);
            assertEquals(200, response.statusCode(), query + ": " + response.body());
            JsonNode results = JSON.readTree(response.body()).path("results");
            answers.add(JSON.writeValueAsString(results));
        }
        return answers;
    }

    private static HttpResponse<String> send(PackagedApp app, String method, String path, String json)
            throws IOException, InterruptedException {
        return app.http.send(HttpRequest.newBuilder(app.uri(path)).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json").header("X-API-Key", KEY)
                        .method(method, HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
