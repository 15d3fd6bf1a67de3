package dev.zerocold.runtime.registry;

import dev.zerocold.common.ModelNotReadyException;
import dev.zerocold.runtime.ModelConfig;
import dev.zerocold.runtime.ModelKey;
import dev.zerocold.runtime.ModelSource;
import dev.zerocold.runtime.ModelStatus;
import dev.zerocold.runtime.serving.ServedModel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One deployed model version and its state machine, with the reason of its state in one place:
 * PENDING (lazy, not needed yet) or LOADING until its loader returns, then READY (served through its
 * {@link ServedModel}: queue, batching, cache) or FAILED (with the reason), and UNLOADING once it
 * stops taking work. A reload swaps in the next generation of the served model (caches key on the
 * generation). {@link ModelLifecycle} drives the transitions. Thread-safe: status fields are
 * volatile and set once per transition; a load that finishes after close releases what it loaded.
 */
public final class ModelVersion {

    private volatile ModelSource source;
    private final int retryAfterSeconds;
    private final CompletableFuture<Void> settled = new CompletableFuture<>();
    private final AtomicBoolean loadStarted = new AtomicBoolean();
    private final AtomicLong generation = new AtomicLong(1);
    private volatile ModelStatus status;
    private volatile String failure;
    private volatile ServedModel<?, ?> served;
    private volatile double loadSeconds = Double.NaN;

    ModelVersion(ModelSource source, int retryAfterSeconds, boolean lazy) {
        this.source = source;
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

    /** The folder the version was loaded from. */
    public Path directory() {
        return source.directory();
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

    /** The current generation: 1 when loaded, +1 on every reload. */
    public long generation() {
        return generation.get();
    }

    /** The serving core while READY. */
    public Optional<ServedModel<?, ?>> served() {
        ServedModel<?, ?> current = served;
        return status == ModelStatus.READY ? Optional.ofNullable(current) : Optional.empty();
    }

    /**
     * The serving core of a READY version; the one place that says why a version cannot serve.
     *
     * @throws ModelNotReadyException (503 with Retry-After) naming the state
     */
    public ServedModel<?, ?> serving() {
        ServedModel<?, ?> current = served;
        if (status == ModelStatus.READY && current != null) {
            return current;
        }
        // The reason of a failure is for operators (/q/health/ready): it may name files of the server.
        String state = status == ModelStatus.FAILED ? "failed to load (see /q/health/ready)"
                : "is " + status.name().toLowerCase();
        throw new ModelNotReadyException("model " + key() + " " + state, key().name(), key().version(),
                retryAfterSeconds);
    }

    /** The loaded model when it is READY and an instance of {@code type} (e.g. the recommender's catalogue). */
    public <M> Optional<M> model(Class<M> type) {
        return served().map(ServedModel::model).filter(type::isInstance).map(type::cast);
    }

    ModelSource source() {
        return source;
    }

    /** Completes when the load has finished, READY or FAILED (a copy: callers cannot complete it). */
    public CompletableFuture<Void> settled() {
        return settled.copy();
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

    /** How this version reads its generation (the serving core keys its cache on it). */
    java.util.function.LongSupplier generationSupplier() {
        return generation::get;
    }

    synchronized void ready(ServedModel<?, ?> serving, double seconds) {
        if (status == ModelStatus.UNLOADING) {  // the server stopped while this was loading
            serving.close(Duration.ZERO);
            settled.complete(null);
            return;
        }
        this.served = serving;
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

    /**
     * Replaces a READY version's serving core by a reloaded one (its files changed) and starts the
     * next generation; returns the previous core, which the caller drains.
     */
    synchronized Optional<ServedModel<?, ?>> swap(ModelSource reloaded, ServedModel<?, ?> serving) {
        if (status != ModelStatus.READY) {
            serving.close(Duration.ZERO);
            return Optional.empty();
        }
        ServedModel<?, ?> previous = served;
        this.source = reloaded;
        this.served = serving;
        generation.incrementAndGet();
        return Optional.ofNullable(previous);
    }

    /** Marks the version UNLOADING at once (it takes no new work); {@link #close} then drains it. */
    void markUnloading() {
        status = ModelStatus.UNLOADING;
    }

    /**
     * Stops serving: new predictions are refused (503), queued and running ones get up to
     * {@code drain} to finish, then the model is released.
     */
    void close(Duration drain) {
        ServedModel<?, ?> serving;
        synchronized (this) {
            status = ModelStatus.UNLOADING;
            serving = served;
            served = null;
        }
        if (serving != null) {
            serving.close(drain);
        }
    }
}
