package dev.zerocold.runtime;

import dev.zerocold.common.InvalidInputException;
import dev.zerocold.common.ModelNotFoundException;
import dev.zerocold.common.ModelNotReadyException;
import dev.zerocold.runtime.serving.BatchingPolicy;
import dev.zerocold.runtime.serving.Futures;
import dev.zerocold.runtime.serving.ServedModel;
import dev.zerocold.runtime.serving.ServingConfig;
import dev.zerocold.runtime.serving.ServingExecutors;
import dev.zerocold.sentiment.DocumentClassifierLoader;
import dev.zerocold.sentiment.training.DocumentClassifierTraining;
import dev.zerocold.testing.Await;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model lifecycle over a real repository on disk, without booting Quarkus. */
class ModelManagerTest {

    private static final String DOCCAT_YAML = """
            framework: opennlp
            task: sentiment
            labels: [negative, positive]
            settings:
              artifact: model.bin
            """;

    @TempDir
    Path root;
    private ModelManager manager;

    @BeforeEach
    void repository() throws Exception {
        byte[] model = DocumentClassifierTraining.train(
                List.of("good great fine", "love it", "bad awful", "hate it", "great love", "awful hate"),
                List.of("positive", "positive", "negative", "negative", "positive", "negative"), 20, 1);
        write("tiny/1/model.yaml", DOCCAT_YAML);
        Files.write(root.resolve("tiny/1/model.bin"), model);
        write("tiny/2/model.yaml", DOCCAT_YAML.replace("model.bin", "missing.bin"));
        write("tiny/notes/model.yaml", DOCCAT_YAML);
        write("broken/1/model.yaml", "framework: onnx\ntask: [unclosed");
        write("escape/1/model.yaml", DOCCAT_YAML.replace("model.bin", "../../tiny/1/model.bin"));
        write("other/1/model.yaml", "framework: onnx\ntask: image\nsettings: {}\n");
        Files.createDirectories(root.resolve("datasets/raw"));

        manager = start(Map.of());
        for (ModelVersion version : manager.versions()) {
            assertTrue(version.awaitSettled(Duration.ofSeconds(10)));
        }
    }

    private ModelManager start(Map<String, String> settings) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().withMapping(ModelsConfig.class)
                .withMapping(ServingConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withDefaultValue("zerocold.models.root", root.toString())
                .withDefaultValue("zerocold.models.load-wait", "5s");
        builder.withSources(new PropertiesConfigSource(settings, "test", 500));
        SmallRyeConfig config = builder.build();
        MeterRegistry registry = new SimpleMeterRegistry();
        ServingConfig serving = config.getConfigMapping(ServingConfig.class);
        ServingExecutors executors = new ServingExecutors(serving);
        executorsStarted.add(executors);
        ModelManager started = new ModelManager(config.getConfigMapping(ModelsConfig.class), serving, executors,
                List.of(new DocumentClassifierLoader()), new StartupTimeline(registry), registry);
        started.onStart(null);
        managers.add(started);
        return started;
    }

    /** Every manager a test started: shut down after it, releasing load threads and models. */
    private final List<ModelManager> managers = new ArrayList<>();
    private final List<ServingExecutors> executorsStarted = new ArrayList<>();

    @AfterEach
    void shutDownManagers() {
        managers.forEach(ModelManager::shutdown);
        executorsStarted.forEach(ServingExecutors::shutdown);
    }

    private static List<ClassScores> predict(ModelVersion version, List<String> texts) {
        return Futures.inOrder(version.served(Signature.TEXT_CLASSIFIER).predictAll(texts, null)).join();
    }

    @Test
    void lazyModelLoadsOnItsFirstRequestAndDoesNotHoldBackStartup() {
        ModelManager lazy = start(Map.of("zerocold.models.policy.tiny", "lazy"));
        ModelVersion tiny1 = lazy.versions().stream().filter(v -> v.key().toString().equals("tiny/1")).findFirst()
                .orElseThrow();
        assertEquals(ModelStatus.PENDING, tiny1.status());
        assertTrue(lazy.eagerDefaultVersions().stream().noneMatch(v -> v.key().name().equals("tiny")));
        ModelVersion served = lazy.resolve(Task.SENTIMENT, "tiny", "1");
        assertEquals(ModelStatus.READY, served.status());
        assertEquals(1, predict(served, List.of("love it")).size());
    }

    @Test
    void onlyAVersionThatWouldServeAtOnceIsReady() {
        assertTrue(manager.isReady("tiny", null));
        assertTrue(manager.isReady("tiny", "1"));
        assertFalse(manager.isReady("tiny", "2"), "failed version");
        assertFalse(manager.isReady("tiny", "latest"));
        assertFalse(manager.isReady("nope", null));
        ModelManager lazy = start(Map.of("zerocold.models.policy.tiny", "lazy"));
        assertFalse(lazy.isReady("tiny", "1"), "a lazy model is not ready before its first request");
        lazy.resolve(Task.SENTIMENT, "tiny", "1");
        assertTrue(lazy.isReady("tiny", "1"));
    }

    @Test
    void scansNumericVersionsOnlyAndReportsEachStatus() {
        List<String> found = manager.versions().stream().map(v -> v.key() + " " + v.status()).toList();
        assertEquals(List.of("broken/1 FAILED", "escape/1 FAILED", "other/1 FAILED", "tiny/1 READY", "tiny/2 FAILED"),
                found);
        assertTrue(manager.versions().stream().filter(v -> v.key().name().equals("escape"))
                .allMatch(v -> v.failure().orElseThrow().contains("outside its model directory")));
        assertTrue(manager.versions().stream().filter(v -> v.key().name().equals("other"))
                .allMatch(v -> v.failure().orElseThrow().contains("no loader")));
    }

    @Test
    void defaultVersionSkipsAFailedNewerVersion() {
        ModelVersion chosen = manager.resolve(Task.SENTIMENT, "tiny", null);
        assertEquals("1", chosen.key().version());
        List<ClassScores> scores = predict(chosen, List.of("love it", "hate it"));
        assertEquals("positive", scores.get(0).labels().get(scores.get(0).top()));
        assertEquals("negative", scores.get(1).labels().get(scores.get(1).top()));
    }

    @Test
    void failedVersionNeverServes() {
        ModelNotReadyException e = assertThrows(ModelNotReadyException.class,
                () -> manager.resolve(Task.SENTIMENT, "tiny", "2"));
        assertEquals(503, e.status());
        assertTrue(e.retryAfterSeconds().isPresent());
    }

    @Test
    void unknownNamesVersionsAndTasksAreClientErrors() {
        assertThrows(ModelNotFoundException.class, () -> manager.resolve(Task.SENTIMENT, "nope", null));
        assertThrows(ModelNotFoundException.class, () -> manager.resolve(Task.SENTIMENT, "tiny", "7"));
        assertThrows(ModelNotFoundException.class, () -> manager.resolve(Task.SENTIMENT, "tiny", "latest"));
        assertThrows(InvalidInputException.class, () -> manager.resolve(Task.IMAGE, "tiny", "1"));
    }

    @Test
    void batchingAndCacheComeFromTheLoaderThenModelYamlThenConfig() throws Exception {
        write("tuned/1/model.yaml", DOCCAT_YAML + """
                batching: {max_batch_size: 3, max_queue_delay: 500us, timeout: 2s}
                cache: {enabled: false}
                """);
        Files.copy(root.resolve("tiny/1/model.bin"), root.resolve("tuned/1/model.bin"));
        ModelManager tuned = start(Map.of("zerocold.serving.model.tuned.batching.instances", "3",
                "zerocold.serving.model.tuned.batching.max-batch-size", "5"));
        ServedModel<String, ClassScores> served = tuned.serve(Task.SENTIMENT, Signature.TEXT_CLASSIFIER, "tuned", "1")
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        BatchingPolicy policy = served.batching();
        assertEquals(5, policy.maxBatchSize(), "config beats model.yaml");
        assertEquals(3, policy.instances(), "config sets what model.yaml does not");
        assertEquals(Duration.ofNanos(500_000), policy.maxQueueDelay(), "model.yaml beats the loader");
        assertEquals(Duration.ofSeconds(2), policy.timeout());
        assertEquals(1024, policy.maxQueueSize(), "the loader's default where nobody says otherwise");
        assertFalse(served.caches(), "model.yaml turns off the cache the loader turns on");
        assertTrue(manager.serve(Task.SENTIMENT, Signature.TEXT_CLASSIFIER, "tiny", "1").join().caches());
    }

    @Test
    void aBadBatchingBlockFailsTheLoadWithItsReason() throws Exception {
        write("badbatch/1/model.yaml", DOCCAT_YAML + "batching: {max_queue_delay: soon}\n");
        ModelManager bad = start(Map.of());
        ModelVersion version = bad.versions().stream().filter(v -> v.key().name().equals("badbatch")).findFirst()
                .orElseThrow();
        assertTrue(version.awaitSettled(Duration.ofSeconds(10)));
        assertEquals(ModelStatus.FAILED, version.status());
    }

    @Test
    void startupLoadIsReportedFinished() {
        Await.until("the startup load reported finished", manager::startupLoadFinished);
    }

    private void write(String relative, String content) throws Exception {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
