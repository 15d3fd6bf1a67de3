package dev.zerocold.runtime;

import dev.zerocold.common.InvalidInputException;
import dev.zerocold.common.ModelNotReadyException;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One deployed model version and its lifecycle: PENDING (lazy, not needed yet) or LOADING until its
 * loader returns, then READY or FAILED (with the reason). Predictions go through {@link #predict}, which records metrics.
 * Thread-safe: status fields are volatile and set once per transition; close waits for predictions
 * under way, and a load that finishes after close releases what it loaded.
 */
public final class ModelVersion {

    private final ModelSource source;
    private final InferenceMetrics metrics;
    private final int retryAfterSeconds;
    private final CompletableFuture<Void> settled = new CompletableFuture<>();
    private final AtomicBoolean loadStarted = new AtomicBoolean();
    private volatile ModelStatus status;
    private volatile String failure;
    private volatile Model<?, ?> model;
    private volatile double loadSeconds = Double.NaN;
    /** Predictions running now: {@link #close} waits for them before releasing the model. */
    private final AtomicInteger inFlight = new AtomicInteger();

    ModelVersion(ModelSource source, InferenceMetrics metrics, int retryAfterSeconds, boolean lazy) {
        this.source = source;
        this.metrics = metrics;
        this.retryAfterSeconds = retryAfterSeconds;
        this.status = lazy ? ModelStatus.PENDING : ModelStatus.LOADING;
    }

    /** True for the one caller that should start this version's load. */
    boolean claimLoad() {
        if (loadStarted.compareAndSet(false, true)) {
            status = ModelStatus.LOADING;
            return true;
        }
        return false;
    }

    public ModelKey key() {
        return source.key();
    }

    /** The parsed model.yaml; empty if it could not be read. */
    public Optional<ModelConfig> config() {
        return Optional.ofNullable(source.config());
    }

    public ModelStatus status() {
        return status;
    }

    /** Why the version is FAILED. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** Seconds the load took, NaN while loading. */
    public double loadSeconds() {
        return loadSeconds;
    }

    /**
     * The loaded model when it is READY and an instance of {@code type}. Lets a feature reach its
     * own model type (for example to swap retrained state in); predictions still go through {@link #predict}.
     */
    public <M> Optional<M> model(Class<M> type) {
        Model<?, ?> current = model;
        return status == ModelStatus.READY && type.isInstance(current) ? Optional.of(type.cast(current)) : Optional.empty();
    }

    ModelSource source() {
        return source;
    }

    synchronized void ready(Model<?, ?> loaded, double seconds) {
        if (status == ModelStatus.UNLOADING) {  // the server stopped while this was loading
            loaded.close();
            settled.complete(null);
            return;
        }
        this.model = loaded;
        this.loadSeconds = seconds;
        this.status = ModelStatus.READY;
        settled.complete(null);
    }

    void failed(String reason, double seconds) {
        this.failure = reason;
        this.loadSeconds = seconds;
        this.status = ModelStatus.FAILED;
        settled.complete(null);
    }

    /** Waits up to {@code timeout} for the load to finish; true if it has (READY or FAILED). */
    public boolean awaitSettled(Duration timeout) {
        try {
            settled.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    /**
     * Runs a batched prediction. The caller guarantees the input type matches this version's task.
     *
     * @throws ModelNotReadyException if the version is not READY
     */
    @SuppressWarnings("unchecked")
    public <I, O> List<O> predict(List<I> inputs) {
        inFlight.incrementAndGet();  // before reading the status, which close() sets before waiting
        try {
            Model<I, O> current = (Model<I, O>) model;
            if (status != ModelStatus.READY || current == null) {
                throw new ModelNotReadyException("model " + key() + " is " + status, key().name(), key().version(),
                        retryAfterSeconds);
            }
            return timed(current, inputs);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private <I, O> List<O> timed(Model<I, O> current, List<I> inputs) {
        long start = System.nanoTime();
        String outcome = InferenceMetrics.ERROR;
        try {
            List<O> outputs = current.predict(inputs);
            outcome = InferenceMetrics.SUCCESS;
            return outputs;
        } catch (InvalidInputException e) {
            outcome = InferenceMetrics.INVALID;
            throw e;
        } finally {
            metrics.record(key(), outcome, System.nanoTime() - start, inputs.size());
        }
    }

    /** Stops serving, waits (up to {@code drain}) for predictions under way, then releases the model. */
    synchronized void close(Duration drain) {
        status = ModelStatus.UNLOADING;
        long deadline = System.nanoTime() + drain.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Model<?, ?> current = model;
        model = null;
        if (current != null && inFlight.get() == 0) {
            current.close();
        }  // else a prediction outlived the drain: leave its native memory to the exiting process
    }
}
