package dev.zerocold.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerocold.common.ModelNotReadyException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Closing a version never releases a model under a running prediction, nor leaks one loaded late. */
class ModelVersionTest {

    /** A model whose predictions wait for {@code release}; records whether it was closed. */
    static final class Gate implements Model<String, String> {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public List<String> predict(List<String> inputs) {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (closed.get()) {
                throw new IllegalStateException("predicting on a closed model");
            }
            return inputs;
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    private static ModelVersion version() {
        return new ModelVersion(new ModelSource(new ModelKey("gate", "1"), Path.of("."), null),
                new InferenceMetrics(new SimpleMeterRegistry()), 1, false);
    }

    @Test
    void closeWaitsForAPredictionUnderWayThenRefusesNewOnes() throws Exception {
        ModelVersion version = version();
        Gate model = new Gate();
        version.ready(model, 0);
        CompletableFuture<List<String>> running = CompletableFuture.supplyAsync(() -> version.predict(List.of("x")));
        assertTrue(model.entered.await(5, TimeUnit.SECONDS));
        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> version.close(Duration.ofSeconds(5)));
        Thread.sleep(100);
        assertFalse(model.closed.get(), "closed while a prediction was running");
        model.release.countDown();
        assertEquals(List.of("x"), running.get(5, TimeUnit.SECONDS));
        closing.get(5, TimeUnit.SECONDS);
        assertTrue(model.closed.get());
        assertThrows(ModelNotReadyException.class, () -> version.predict(List.of("y")));
    }

    @Test
    void aModelThatFinishesLoadingAfterCloseIsReleased() {
        ModelVersion version = version();
        version.close(Duration.ofSeconds(1));
        Gate late = new Gate();
        version.ready(late, 0);
        assertTrue(late.closed.get());
        assertEquals(ModelStatus.UNLOADING, version.status());
    }
}
