package dev.zerocold.runtime;

import dev.zerocold.testing.Await;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Hot reload under load: a version folder dropped into the repository serves within two scan
 * intervals plus its load while 16 clients keep asking, with no failed request during the swap; the
 * old version drains (policy latest); a changed file reloads the version as a new generation.
 */
@QuarkusTest
@TestProfile(HotReloadTest.WatchedRepository.class)
class HotReloadTest {

    static final Path REPOSITORY = Path.of("target/watch-repo");
    static final long SCAN_MILLIS = 500;
    /** What the new version's load and a busy two-core machine may add to the two scans. */
    static final Duration LOAD_BUDGET = Duration.ofSeconds(5);

    /** A repository holding only sentiment-fast/1, scanned every 500 ms. */
    public static class WatchedRepository implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                if (Files.exists(REPOSITORY)) {
                    try (Stream<Path> old = Files.walk(REPOSITORY)) {
                        old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
                copy(Path.of("models/sentiment-fast/1"), REPOSITORY.resolve("sentiment-fast/1"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("zerocold.models.root", REPOSITORY.toString(),
                    "zerocold.models.scan-interval", SCAN_MILLIS + "ms",
                    "zerocold.models.state-dir", "target/watch-data");
        }
    }

    @Test
    void aDroppedInVersionTakesOverUnderLoadWithoutAFailedRequest() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/api/predict/sentiment");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        Map<String, Integer> versions = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<?>> loops = new java.util.ArrayList<>();
        for (int c = 0; c < 16; c++) {
            int client = c;
            loops.add(clients.submit(() -> {
                for (int i = 0; running.get() && i < 100_000; i++) {
                    try {
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"client " + client + " says "
                                        + i + " is great\", \"model\": \"sentiment-fast\"}")).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 200) {
                            ok.incrementAndGet();
                            versions.merge(response.body().contains("\"version\":\"2\"") ? "2" : "1", 1, Integer::sum);
                        } else {
                            failures.merge(response.statusCode() + " " + response.body(), 1, Integer::sum);
                        }
                    } catch (IOException | InterruptedException e) {
                        failures.merge(e.toString(), 1, Integer::sum);
                    }
                }
            }));
        }
        try {
            Await.until("100 answers from version 1 before the drop", () -> versions.getOrDefault("1", 0) >= 100
                    || !failures.isEmpty());
            copy(Path.of("src/test/resources/registry/sentiment-fast/2"), REPOSITORY.resolve("sentiment-fast/2"));
            Await.until("version 2 serving", Duration.ofMillis(2 * SCAN_MILLIS).plus(LOAD_BUDGET),
                    () -> versions.getOrDefault("2", 0) > 0);
            Await.until("version 1 drained and removed, under load", () -> List.of("2").equals(deployed()));
            int answered = ok.get();
            Await.until("100 more answers after the swap", () -> ok.get() >= answered + 100 || !failures.isEmpty());
        } finally {
            running.set(false);
            for (Future<?> loop : loops) {
                loop.get(30, TimeUnit.SECONDS);
            }
            clients.shutdown();
        }
        assertEquals(Map.of(), failures, "failed requests during the swap (" + ok.get() + " succeeded)");
        assertEquals(List.of("2"), deployed(), "version 1 drained under the latest policy");

        long generation = generation();
        Files.copy(Path.of("models/sentiment-fast/1/model.bin"), REPOSITORY.resolve("sentiment-fast/2/model.bin"),
                StandardCopyOption.REPLACE_EXISTING);
        long reloaded = Await.until("version 2 reloaded", Duration.ofMillis(2 * SCAN_MILLIS).plus(LOAD_BUDGET),
                HotReloadTest::generation, g -> g != generation);
        assertEquals(generation + 1, reloaded, "a changed model file reloads the version as its next generation");
        given().contentType("application/json").body(Map.of("text", "still fine", "model", "sentiment-fast"))
                .post("/api/predict/sentiment").then().statusCode(200);
    }

    private static List<String> deployed() {
        return given().get("/models/sentiment-fast").then().extract().path("versions.version");
    }

    private static long generation() {
        return ((Number) given().get("/models/sentiment-fast/versions/2").then().extract().path("generation")).longValue();
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
