package dev.zerocold.runtime.serving;

import dev.zerocold.runtime.Model;
import dev.zerocold.runtime.ModelKey;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A READY model version as callers use it, typed by its signature: every prediction goes through
 * the version's {@link InferenceQueue} (batching, deadlines, admission) and, when the version caches,
 * its {@link PredictionCache}. Thread-safe.
 */
public final class ServedModel<I, O> {

    private final ModelKey key;
    private final Model<I, O> model;
    private final InferenceQueue<I, O> queue;
    private final PredictionCache<O> cache;
    private final CachePolicy cachePolicy;
    private final LongSupplier generation;
    private final ServingMetrics metrics;

    public ServedModel(ModelKey key, Model<I, O> model, InferenceQueue<I, O> queue, CachePolicy cachePolicy,
                       LongSupplier generation, ServingMetrics metrics) {
        this.key = key;
        this.model = model;
        this.queue = queue;
        this.cachePolicy = cachePolicy;
        this.cache = cachePolicy.enabled() ? new PredictionCache<>(cachePolicy) : null;
        this.generation = generation;
        this.metrics = metrics;
        metrics.watchQueue(queue);
        metrics.watchGeneration(generation);
        if (cache != null) {
            metrics.watchCache(cache);
        }
    }

    public ModelKey key() {
        return key;
    }

    /** The item types the model takes and returns. */
    public dev.zerocold.runtime.Signature<I, O> signature() {
        return model.signature();
    }

    /** The model's class labels, in output order (empty if it is not a classifier). */
    public List<String> labels() {
        return model.labels();
    }

    public BatchingPolicy batching() {
        return queue.policy();
    }

    public CachePolicy cachePolicy() {
        return cachePolicy;
    }

    /** Whether this version caches predictions (callers skip computing input digests when not). */
    public boolean caches() {
        return cache != null;
    }

    /** The version's current generation. */
    public long generation() {
        return generation.getAsLong();
    }

    /** Predicts one item; {@code digest} (null: not cacheable) keys the cache when the version has one. */
    public CompletableFuture<O> predict(I input, InputDigest digest) {
        return predict(() -> input, digest);
    }

    /**
     * Predicts one item whose input is made only if the cache cannot answer (e.g. an image decoded
     * only on a cache miss). An exception from {@code input} fails the returned future.
     */
    public CompletableFuture<O> predict(Supplier<I> input, InputDigest digest) {
        if (cache == null || digest == null) {
            try {
                return queue.submit(input.get());
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return cache.get(generation.getAsLong(), digest, () -> queue.submit(input.get()));
    }

    /**
     * Predicts items together: cache hits are answered at once, the rest enter the queue together so
     * that they run in one or a few model calls.
     *
     * @param digests one per input (null entries, or a null list, are not cached)
     */
    public List<CompletableFuture<O>> predictAll(List<I> inputs, List<InputDigest> digests) {
        if (cache == null || digests == null) {
            return queue.submitAll(inputs, Long.MAX_VALUE);
        }
        List<CompletableFuture<O>> out = new ArrayList<>(inputs.size());
        List<I> misses = new ArrayList<>();
        List<CompletableFuture<O>> pending = new ArrayList<>();
        long gen = generation.getAsLong();
        for (int i = 0; i < inputs.size(); i++) {
            I input = inputs.get(i);
            InputDigest digest = digests.get(i);
            if (digest == null) {
                CompletableFuture<O> slot = new CompletableFuture<>();
                misses.add(input);
                pending.add(slot);
                out.add(slot);
                continue;
            }
            out.add(cache.get(gen, digest, () -> {
                CompletableFuture<O> slot = new CompletableFuture<>();
                misses.add(input);
                pending.add(slot);
                return slot;
            }));
        }
        if (!misses.isEmpty()) {
            List<CompletableFuture<O>> submitted = queue.submitAll(misses, Long.MAX_VALUE);
            for (int i = 0; i < submitted.size(); i++) {
                CompletableFuture<O> slot = pending.get(i);
                submitted.get(i).whenComplete((value, error) -> {
                    if (error != null) {
                        slot.completeExceptionally(error);
                    } else {
                        slot.complete(value);
                    }
                });
            }
        }
        return out;
    }

    /** Drops every cached prediction (the version's generation changed). */
    public void clearCache() {
        if (cache != null) {
            cache.clear();
        }
    }

    /**
     * Stops admission, waits up to {@code drain} for queued and running items, then releases the
     * model (unless a batch outlived the drain: its native memory is then left to the exiting process)
     * and removes the version's metrics.
     */
    public void close(Duration drain) {
        retire(drain);
        metrics.remove();
    }

    /** The metrics of this serving core (a replacement unbinds them before registering its own). */
    public ServingMetrics metrics() {
        return metrics;
    }

    /**
     * {@link #close} for a core that another replaces under the same version: drains and releases the
     * model, leaving the version's metric series to the replacement.
     */
    public void retire(Duration drain) {
        boolean drained;
        try {
            queue.close(drain).get(drain.toMillis() + 1_000, TimeUnit.MILLISECONDS);
            drained = true;
        } catch (TimeoutException | ExecutionException e) {
            drained = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        if (drained) {
            model.close();
        }
    }
}
