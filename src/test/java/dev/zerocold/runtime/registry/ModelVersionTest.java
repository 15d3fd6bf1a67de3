package dev.zerocold.runtime.registry;

import dev.zerocold.common.ModelNotReadyException;
import dev.zerocold.runtime.ItemResult;
import dev.zerocold.runtime.Model;
import dev.zerocold.runtime.ModelKey;
import dev.zerocold.runtime.ModelSource;
import dev.zerocold.runtime.ModelStatus;
import dev.zerocold.runtime.Signature;
import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.serving.BatchingPolicy;
import dev.zerocold.runtime.serving.CachePolicy;
import dev.zerocold.runtime.serving.InferenceQueue;
import dev.zerocold.runtime.serving.InputDigest;
import dev.zerocold.runtime.serving.QueueObserver;
import dev.zerocold.runtime.serving.ServedModel;
import dev.zerocold.runtime.serving.ServingMetrics;
import dev.zerocold.testing.Await;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A version's lifecycle around its serving core: closing never releases a model under a running
 * prediction nor leaks one loaded late, and a new generation never serves an answer cached before it.
 */
class ModelVersionTest {

    private static final Signature<String, String> ECHO = new Signature<>(String.class, String.class, InputDigest::of);

    /** A model whose predictions wait for {@code release}; counts calls and records whether it was closed. */
    static final class Gate implements Model<String, String> {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicBoolean closed = new AtomicBoolean();
        final AtomicInteger calls = new AtomicInteger();
        volatile String suffix = "";

        @Override
        public Signature<String, String> signature() {
            return ECHO;
        }

        @Override
        public List<ItemResult<String>> predict(List<String> inputs) {
            calls.incrementAndGet();
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (closed.get()) {
                throw new IllegalStateException("predicting on a closed model");
            }
            return ItemResult.allOk(inputs.stream().map(s -> s + suffix).toList());
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    private final ExecutorService batches = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final MeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void stop() {
        batches.shutdownNow();
        timer.shutdownNow();
    }

    private static ModelVersion version() {
        return new ModelVersion(new ModelSource(new ModelKey("gate", "1"), Path.of("."), null), 1, false);
    }

    private ServedModel<String, String> serve(ModelVersion version, Gate model, CachePolicy cache) {
        ServingMetrics metrics = new ServingMetrics(registry, version.key());
        InferenceQueue<String, String> queue = new InferenceQueue<>(version.key(), model, BatchingPolicy.DEFAULT,
                batches, timer, QueueObserver.NONE, 1);
        return new ServedModel<>(version.key(), Task.SENTIMENT, model, queue, cache, version.generationSupplier(), metrics);
    }

    @Test
    void closeWaitsForAPredictionUnderWayThenRefusesNewOnes() throws Exception {
        ModelVersion version = version();
        Gate model = new Gate();
        version.ready(serve(version, model, CachePolicy.OFF), 0);
        ServedModel<String, String> served = version.serving().as(ECHO);
        CompletableFuture<String> running = served.submit("x");
        assertTrue(model.entered.await(5, TimeUnit.SECONDS));
        Thread closer = new Thread(() -> version.close(Duration.ofSeconds(5)), "closer");
        closer.start();
        // The closer either waits for the drain (parked) or, were it not to wait, finishes at once.
        Await.until("close waits for the running prediction or returns", () -> switch (closer.getState()) {
            case WAITING, TIMED_WAITING, TERMINATED -> true;
            default -> false;
        });
        assertEquals(ModelStatus.UNLOADING, version.status());
        assertTrue(closer.isAlive(), "close returned while a prediction was running");
        assertFalse(model.closed.get(), "closed while a prediction was running");
        model.release.countDown();
        assertEquals("x", running.get(5, TimeUnit.SECONDS));
        closer.join(5_000);
        assertFalse(closer.isAlive(), "close did not return once the prediction finished");
        assertTrue(model.closed.get());
        assertThrows(ModelNotReadyException.class, version::serving);
        assertTrue(registry.find("zerocold.queue.depth").meters().isEmpty(), "metrics removed with the version");
    }

    @Test
    void aModelThatFinishesLoadingAfterCloseIsReleased() {
        ModelVersion version = version();
        version.close(Duration.ofSeconds(1));
        Gate late = new Gate();
        version.ready(serve(version, late, CachePolicy.OFF), 0);
        assertTrue(late.closed.get());
        assertEquals(ModelStatus.UNLOADING, version.status());
    }

    @Test
    void aReloadStartsANewGenerationThatNeverServesOldCachedAnswers() throws Exception {
        ModelVersion version = version();
        Gate model = new Gate();
        model.release.countDown();
        version.ready(serve(version, model, CachePolicy.ON), 0);
        assertEquals("x", version.serving().as(ECHO).submit("x").get(5, TimeUnit.SECONDS));
        assertEquals("x", version.serving().as(ECHO).submit("x").get(5, TimeUnit.SECONDS));
        assertEquals(1, model.calls.get(), "the second answer came from the cache");
        assertEquals(1, version.generation());

        Gate retrained = new Gate();
        retrained.suffix = "-retrained";
        retrained.release.countDown();
        version.serving().metrics().unbind();
        ServedModel<?, ?> previous = version.swap(version.source(), serve(version, retrained, CachePolicy.ON)).orElseThrow();
        previous.retire(Duration.ofSeconds(5));
        assertEquals(2, version.generation());
        assertEquals("x-retrained", version.serving().as(ECHO).submit("x").get(5, TimeUnit.SECONDS));
        assertTrue(model.closed.get(), "the previous generation's model is released");
        assertEquals(2.0, registry.get("zerocold.model.generation").gauge().value());
    }

    @Test
    void aCallerAskingForOtherTypesGetsAnErrorNotACast() {
        ModelVersion version = version();
        Gate model = new Gate();
        version.ready(serve(version, model, CachePolicy.OFF), 0);
        assertInstanceOf(dev.zerocold.common.InvalidInputException.class,
                assertThrows(RuntimeException.class, () -> version.serving().as(Signature.TEXT_CLASSIFIER)));
    }
}
