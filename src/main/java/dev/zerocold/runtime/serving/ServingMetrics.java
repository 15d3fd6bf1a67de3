package dev.zerocold.runtime.serving;

import dev.zerocold.runtime.ModelKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * The serving metrics of one model version, tagged only {@code model} and {@code version} (plus a
 * fixed outcome, reason or result): queue time per item ({@code zerocold_queue_seconds}), items per
 * model call ({@code zerocold_batch_size}), time per model call ({@code zerocold_inference_seconds}),
 * the queue depth, rejections by reason, cache hits, misses and evictions, and the version's
 * generation. {@link #remove} takes every series away when the version is unloaded. Thread-safe.
 */
public final class ServingMetrics implements QueueObserver {

    private final MeterRegistry registry;
    private final Tags tags;
    private final List<Meter> meters = new ArrayList<>();
    /** Gauges and function counters: they read one queue or cache object, so a new serving core needs its own. */
    private final List<Meter> bound = new ArrayList<>();
    private final Timer queueTime;
    private final DistributionSummary batchSize;
    private final Timer inferenceOk;
    private final Timer inferenceError;
    private final Map<Rejection, Counter> rejections = new EnumMap<>(Rejection.class);

    public ServingMetrics(MeterRegistry registry, ModelKey key) {
        this.registry = registry;
        this.tags = key.tags();
        this.queueTime = add(Timer.builder("zerocold.queue")
                .description("Time an item waited in its model version's queue before its batch started")
                .tags(tags).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry));
        this.batchSize = add(DistributionSummary.builder("zerocold.batch.size")
                .description("Items per model call")
                .tags(tags).serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256)
                .register(registry));
        this.inferenceOk = inferenceTimer("success");
        this.inferenceError = inferenceTimer("error");
        for (Rejection reason : Rejection.values()) {
            rejections.put(reason, add(Counter.builder("zerocold.rejections")
                    .description("Items answered without being computed, or refused by the model, by reason")
                    .tags(tags).tag("reason", reason.tag()).register(registry)));
        }
    }

    private Timer inferenceTimer(String outcome) {
        return add(Timer.builder("zerocold.inference")
                .description("Time of one model call (a batch), by model version and outcome")
                .tags(tags).tag("outcome", outcome).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(20_000)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry));
    }

    /** Registers the queue depth gauge of {@code queue}. */
    public void watchQueue(InferenceQueue<?, ?> queue) {
        bind(Gauge.builder("zerocold.queue.depth", queue, InferenceQueue::depth)
                .description("Items waiting in the model version's queue").tags(tags).register(registry));
    }

    /** Registers the generation gauge. */
    public void watchGeneration(LongSupplier generation) {
        bind(Gauge.builder("zerocold.model.generation", generation, g -> g.getAsLong())
                .description("Generation of the model version: rises whenever what it answers changes (e.g. a retraining swap)")
                .tags(tags).register(registry));
    }

    /** Registers the cache counters of {@code cache}. */
    public void watchCache(PredictionCache<?> cache) {
        cacheCounter("zerocold.cache.requests", "hit", cache, c -> c.stats().hitCount());
        cacheCounter("zerocold.cache.requests", "miss", cache, c -> c.stats().missCount());
        bind(FunctionCounter.builder("zerocold.cache.evictions", cache, c -> c.stats().evictionCount())
                .description("Cached predictions evicted for size or age").tags(tags).register(registry));
        bind(Gauge.builder("zerocold.cache.entries", cache, PredictionCache::size)
                .description("Cached predictions held").tags(tags).register(registry));
    }

    private void cacheCounter(String name, String result, PredictionCache<?> cache,
                              ToDoubleFunction<PredictionCache<?>> count) {
        bind(FunctionCounter.builder(name, cache, count)
                .description("Prediction cache lookups by result").tags(tags).tag("result", result).register(registry));
    }

    @Override
    public void queued(long nanos) {
        queueTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void batch(int size, long nanos, boolean succeeded) {
        batchSize.record(size);
        (succeeded ? inferenceOk : inferenceError).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void rejected(Rejection reason) {
        rejections.get(reason).increment();
    }

    /** Removes every series of this version from the registry. */
    public void remove() {
        unbind();
        synchronized (meters) {
            meters.forEach(registry::remove);
            meters.clear();
        }
    }

    /**
     * Removes the gauges and function counters that read this serving core's queue and cache, so that
     * the core replacing it (a reload of the same version) registers its own; the timers and counters
     * go on as the version's.
     */
    public void unbind() {
        synchronized (meters) {
            bound.forEach(registry::remove);
            bound.clear();
        }
    }

    private <M extends Meter> M bind(M meter) {
        synchronized (meters) {
            bound.add(meter);
        }
        return meter;
    }

    private <M extends Meter> M add(M meter) {
        synchronized (meters) {
            meters.add(meter);
        }
        return meter;
    }
}
