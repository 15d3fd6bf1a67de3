package dev.zerocold.runtime.registry;

import dev.zerocold.common.InvalidInputException;
import dev.zerocold.common.ModelNotFoundException;
import dev.zerocold.common.ModelNotReadyException;
import dev.zerocold.runtime.ClassScores;
import dev.zerocold.runtime.ModelStatus;
import dev.zerocold.runtime.ModelsConfig;
import dev.zerocold.runtime.Signature;
import dev.zerocold.runtime.StartupTimeline;
import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.inference.Inference;
import dev.zerocold.runtime.inference.ItemLimits;
import dev.zerocold.runtime.serving.BatchingPolicy;
import dev.zerocold.runtime.serving.ServedModel;
import dev.zerocold.runtime.serving.ServingAssembly;
import dev.zerocold.runtime.serving.ServingConfig;
import dev.zerocold.runtime.serving.ServingExecutors;
import dev.zerocold.sentiment.model.DocumentClassifierLoader;
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

/**
 * The registry (versions, resolution, lifecycle, deployments) and the entry point over a real
 * repository on disk, without booting Quarkus.
 */
class RegistryTest {

    private static final String DOCCAT_YAML = """
            framework: opennlp
            task: sentiment
            labels: [negative, positive]
            settings:
              artifact: model.bin
            """;

    @TempDir
    Path root;
    private Registry manager;

    /** One wired registry, as CDI wires it in the app. */
    private record Registry(ModelVersions versions, ModelLifecycle lifecycle, Deployments deployments,
                            Inference inference) {

        ModelVersion resolve(Task task, String name, String version) {
            ServedModel<String, ClassScores> served = inference.serveNow(task, Signature.TEXT_CLASSIFIER, name, version);
            return versions.find(served.key().name(), served.key().version());
        }

        <I, O> java.util.concurrent.CompletableFuture<ServedModel<I, O>> serve(Task task, Signature<I, O> signature,
                                                                               String name, String version) {
            return inference.serve(task, signature, name, version, null);
        }
    }

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
        for (ModelVersion version : manager.versions().all()) {
            assertTrue(version.awaitSettled(Duration.ofSeconds(10)));
        }
    }

    private Registry start(Map<String, String> settings) {
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
        ModelsConfig models = config.getConfigMapping(ModelsConfig.class);
        ModelVersions versions = new ModelVersions(models, registry);
        ModelLifecycle lifecycle = new ModelLifecycle(models, serving, new ServingAssembly(serving, executors, registry, models),
                List.of(new DocumentClassifierLoader()), new StartupTimeline(registry), versions);
        TrafficRouter traffic = new TrafficRouter(models);
        Deployments deployments = new Deployments(models, versions, lifecycle, traffic);
        ItemLimits limits = () -> 256;
        Registry started = new Registry(versions, lifecycle, deployments,
                new Inference(new VersionResolver(versions, traffic), lifecycle, limits));
        deployments.onStart(null);
        managers.add(lifecycle);
        return started;
    }

    /** Every manager a test started: shut down after it, releasing load threads and models. */
    private final List<ModelLifecycle> managers = new ArrayList<>();
    private final List<ServingExecutors> executorsStarted = new ArrayList<>();

    @AfterEach
    void shutDownManagers() {
        managers.forEach(ModelLifecycle::shutdown);
        executorsStarted.forEach(ServingExecutors::shutdown);
    }

    private static List<ClassScores> predict(ModelVersion version, List<String> texts) {
        return version.serving().as(Signature.TEXT_CLASSIFIER).predictAll(texts, "texts").join();
    }

    @Test
    void lazyModelLoadsOnItsFirstRequestAndDoesNotHoldBackStartup() {
        Registry lazy = start(Map.of("zerocold.models.policy.tiny", "lazy"));
        ModelVersion tiny1 = lazy.versions().all().stream().filter(v -> v.key().toString().equals("tiny/1")).findFirst()
                .orElseThrow();
        assertEquals(ModelStatus.PENDING, tiny1.status());
        assertTrue(lazy.versions().eagerDefaultVersions().stream().noneMatch(v -> v.key().name().equals("tiny")));
        ModelVersion served = lazy.resolve(Task.SENTIMENT, "tiny", "1");
        assertEquals(ModelStatus.READY, served.status());
        assertEquals(1, predict(served, List.of("love it")).size());
    }

    @Test
    void scansNumericVersionsOnlyAndReportsEachStatus() {
        List<String> found = manager.versions().all().stream().map(v -> v.key() + " " + v.status()).toList();
        assertEquals(List.of("broken/1 FAILED", "escape/1 FAILED", "other/1 FAILED", "tiny/1 READY", "tiny/2 FAILED"),
                found);
        assertTrue(manager.versions().all().stream().filter(v -> v.key().name().equals("escape"))
                .allMatch(v -> v.failure().orElseThrow().contains("outside its model directory")));
        assertTrue(manager.versions().all().stream().filter(v -> v.key().name().equals("other"))
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
        Registry tuned = start(Map.of("zerocold.serving.model.tuned.batching.instances", "3",
                "zerocold.serving.model.tuned.batching.max-batch-size", "5"));
        ServedModel<String, ClassScores> served = tuned.serve(Task.SENTIMENT, Signature.TEXT_CLASSIFIER, "tuned", "1")
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        BatchingPolicy policy = served.batching();
        assertEquals(5, policy.maxBatchSize(), "config beats model.yaml");
        assertEquals(3, policy.instances(), "config sets what model.yaml does not");
        assertEquals(Duration.ofNanos(500_000), policy.maxQueueDelay(), "model.yaml beats the loader");
        assertEquals(Duration.ofSeconds(2), policy.timeout());
        assertEquals(1024, policy.maxQueueSize(), "the loader's default where nobody says otherwise");
        assertFalse(served.cachePolicy().enabled(), "model.yaml turns off the cache the loader turns on");
        assertTrue(manager.serve(Task.SENTIMENT, Signature.TEXT_CLASSIFIER, "tiny", "1").join().cachePolicy().enabled());
    }

    @Test
    void aBadBatchingBlockFailsTheLoadWithItsReason() throws Exception {
        write("badbatch/1/model.yaml", DOCCAT_YAML + "batching: {max_queue_delay: soon}\n");
        Registry bad = start(Map.of());
        ModelVersion version = bad.versions().all().stream().filter(v -> v.key().name().equals("badbatch")).findFirst()
                .orElseThrow();
        assertTrue(version.awaitSettled(Duration.ofSeconds(10)));
        assertEquals(ModelStatus.FAILED, version.status());
    }

    @Test
    void startupLoadIsReportedFinished() {
        Await.until("the startup load reported finished", manager.lifecycle()::startupLoadFinished);
    }

    private void write(String relative, String content) throws Exception {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
