package dev.zerocold.runtime;

import dev.zerocold.common.InvalidInputException;
import dev.zerocold.common.ModelNotReadyException;
import dev.zerocold.runtime.serving.ServedModel;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One deployed model version and its lifecycle: PENDING (lazy, not needed yet) or LOADING until its
 * loader returns, then READY (served through its {@link ServedModel}: queue, batching, cache) or
 * FAILED (with the reason), and UNLOADING once closed. A version has a generation, starting at 1,
 * that rises whenever what it answers changes ({@link #update}); caches key on it. Thread-safe:
 * status fields are volatile and set once per transition; close drains the queue, and a load that
 * finishes after close releases what it loaded.
 */
public final class ModelVersion {

    private volatile ModelSource source;
    private final int retryAfterSeconds;
    private final CompletableFuture<Void> settled = new CompletableFuture<>();
    private final AtomicBoolean loadStarted = new AtomicBoolean();
    private final AtomicLong generation = new AtomicLong(1);
    private volatile ModelStatus status;
    private volatile String failure;
    private volatile Model<?, ?> model;
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
    public java.nio.file.Path directory() {
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

    /** The current generation: 1 when loaded, +1 on every {@link #update}. */
    public long generation() {
        return generation.get();
    }

    /**
     * The READY version as a typed {@link ServedModel}.
     *
     * @throws ModelNotReadyException if the version is not READY
     * @throws InvalidInputException  if the model does not take and return the types of {@code signature}
     */
    public <I, O> ServedModel<I, O> served(Signature<I, O> signature) {
        ServedModel<?, ?> current = served;
        if (status != ModelStatus.READY || current == null) {
            throw new ModelNotReadyException("model " + key() + " is " + status.name().toLowerCase(), key().name(),
                    key().version(), retryAfterSeconds);
        }
        if (!current.signature().equals(signature)) {
            throw new InvalidInputException("model " + key() + " takes " + current.signature() + ", not " + signature,
                    key().name(), key().version());
        }
        @SuppressWarnings("unchecked")  // the signature's classes were compared just above
        ServedModel<I, O> typed = (ServedModel<I, O>) current;
        return typed;
    }

    /**
     * The loaded model when it is READY and an instance of {@code type}, for reading a feature's own
     * model state (e.g. the recommender's catalogue). Changes go through {@link #update}.
     */
    public <M> Optional<M> model(Class<M> type) {
        Model<?, ?> current = model;
        return status == ModelStatus.READY && type.isInstance(current) ? Optional.of(type.cast(current)) : Optional.empty();
    }

    /**
     * Changes what the READY model answers (e.g. swaps retrained weights in) and starts a new
     * generation, so that nothing computed before is served from the cache afterwards.
     *
     * @return false if the version is not READY or its model is not a {@code type}
     */
    public <M> boolean update(Class<M> type, Consumer<M> change) {
        Optional<M> current = model(type);
        if (current.isEmpty()) {
            return false;
        }
        synchronized (this) {
            change.accept(current.get());
            generation.incrementAndGet();
        }
        ServedModel<?, ?> serving = served;
        if (serving != null) {
            serving.clearCache();
        }
        return true;
    }

    ModelSource source() {
        return source;
    }

    /** The batching policy in force, once READY. */
    public Optional<dev.zerocold.runtime.serving.BatchingPolicy> batching() {
        ServedModel<?, ?> current = served;
        return current == null ? Optional.empty() : Optional.of(current.batching());
    }

    /** The cache policy in force, once READY. */
    public Optional<dev.zerocold.runtime.serving.CachePolicy> cachePolicy() {
        ServedModel<?, ?> current = served;
        return current == null ? Optional.empty() : Optional.of(current.cachePolicy());
    }

    CompletableFuture<Void> settled() {
        return settled;
    }

    /** How this version reads its generation (for the serving core, which keys its cache on it). */
    java.util.function.LongSupplier generationSupplier() {
        return generation::get;
    }

    synchronized void ready(Model<?, ?> loaded, ServedModel<?, ?> serving, double seconds) {
        if (status == ModelStatus.UNLOADING) {  // the server stopped while this was loading
            serving.close(Duration.ZERO);
            settled.complete(null);
            return;
        }
        this.model = loaded;
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
     * Replaces a READY version's model and serving core by a reloaded one (its files changed) and
     * starts the next generation; returns the previous core, which the caller drains.
     */
    synchronized Optional<ServedModel<?, ?>> swap(ModelSource reloaded, Model<?, ?> loaded, ServedModel<?, ?> serving) {
        if (status != ModelStatus.READY) {
            serving.close(Duration.ZERO);
            return Optional.empty();
        }
        ServedModel<?, ?> previous = served;
        this.source = reloaded;
        this.model = loaded;
        this.served = serving;
        generation.incrementAndGet();
        return Optional.ofNullable(previous);
    }

    /** The serving core now, if READY (a reload unbinds its metrics before building the next). */
    Optional<ServedModel<?, ?>> servedModel() {
        return Optional.ofNullable(served);
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
            model = null;
        }
        if (serving != null) {
            serving.close(drain);
        }
    }
}
