package dev.zerocold.runtime.serving;

import dev.zerocold.common.InvalidInputException;
import dev.zerocold.common.PayloadTooLargeException;
import dev.zerocold.common.UnsupportedMediaTypeException;
import dev.zerocold.runtime.Model;
import dev.zerocold.runtime.ModelKey;
import dev.zerocold.runtime.Signature;
import dev.zerocold.runtime.Task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * A READY model version's serving layer, the one place a prediction enters: the cache (keyed by
 * the signature's {@link Signature#cacheKey} and the version's generation), then the version's
 * {@link InferenceQueue} (admission, batching, deadlines). Callers submit items, never cache keys.
 * Thread-safe.
 */
public final class ServedModel<I, O> {

    private final ModelKey key;
    private final Task task;
    private final Model<I, O> model;
    private final InferenceQueue<I, O> queue;
    private final PredictionCache<O> cache;
    private final CachePolicy cachePolicy;
    private final LongSupplier generation;
    private final ServingMetrics metrics;

    public ServedModel(ModelKey key, Task task, Model<I, O> model, InferenceQueue<I, O> queue, CachePolicy cachePolicy,
                       LongSupplier generation, ServingMetrics metrics) {
        this.key = key;
        this.task = task;
        this.model = model;
        this.queue = queue;
        this.cachePolicy = cachePolicy;
        this.cache = cachePolicy.enabled() && model.signature().cacheKey() != null
                ? new PredictionCache<>(cachePolicy) : null;
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

    /** The task the version serves (from its model.yaml). */
    public Task task() {
        return task;
    }

    /** The loaded model, for reading its own state (labels, tensors, catalogue); predictions go through {@link #submit}. */
    public Model<I, O> model() {
        return model;
    }

    /** The item types the model takes and returns. */
    public Signature<I, O> signature() {
        return model.signature();
    }

    /**
     * This served version typed by the signature a caller expects.
     *
     * @throws InvalidInputException the model takes or returns other types (it serves another task)
     */
    public <A, B> ServedModel<A, B> as(Signature<A, B> expected) {
        if (!model.signature().equals(expected)) {
            throw new InvalidInputException("model " + key + " serves task '" + task.id() + "' (" + model.signature()
                    + "), not " + expected, key.name(), key.version());
        }
        @SuppressWarnings("unchecked")  // the signatures were compared just above
        ServedModel<A, B> typed = (ServedModel<A, B>) this;
        return typed;
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

    /** Predicts one item (from the cache when the version caches and has it). */
    public CompletableFuture<O> submit(I input) {
        return submitAll(List.of(input)).get(0);
    }

    /**
     * Predicts items together: cache hits are answered at once, the rest enter the queue together so
     * that they run in one or a few model calls. One future per input, in input order.
     */
    public List<CompletableFuture<O>> submitAll(List<I> inputs) {
        if (cache == null) {
            return queue.submitAll(inputs, Long.MAX_VALUE);
        }
        List<CompletableFuture<O>> out = new ArrayList<>(inputs.size());
        List<I> misses = new ArrayList<>();
        List<CompletableFuture<O>> pending = new ArrayList<>();
        long gen = generation.getAsLong();
        for (I input : inputs) {
            InputDigest digest = model.signature().keyOf(input);
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

    /**
     * {@link #submitAll} joined: every item's prediction in input order, or the first failing item's
     * error, an input the client must mend (400, 413, 415) named as {@code field[i]}.
     */
    public CompletableFuture<List<O>> predictAll(List<I> inputs, String field) {
        return Futures.inOrder(submitAll(inputs), (index, error) -> {
            String detail = field + "[" + index + "]: " + error.getMessage();
            if (error instanceof InvalidInputException) {
                return new InvalidInputException(detail, key.name(), key.version());
            }
            if (error instanceof PayloadTooLargeException) {
                return new PayloadTooLargeException(detail);
            }
            return error instanceof UnsupportedMediaTypeException ? new UnsupportedMediaTypeException(detail) : error;
        });
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
