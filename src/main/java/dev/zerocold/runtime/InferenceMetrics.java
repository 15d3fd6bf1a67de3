package dev.zerocold.runtime;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-model inference metrics. Prometheus gets {@code zerocold_inference_seconds} (a histogram,
 * tagged model, version, outcome) and {@code zerocold_batch_size}; the JSON summary at
 * {@code /metrics} reads the same events from fixed-size HdrHistograms (microsecond resolution,
 * 2 significant digits), so memory stays bounded however long the process runs. Tags are only
 * deployed model names and versions, never request content. Thread-safe.
 */
@ApplicationScoped
public class InferenceMetrics {

    /** Outcome tag values. */
    public static final String SUCCESS = "success";
    public static final String INVALID = "invalid";
    public static final String ERROR = "error";

    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final MeterRegistry registry;
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();
    private final Map<ModelKey, DistributionSummary> batchSizes = new ConcurrentHashMap<>();
    private final Map<ModelKey, ModelStats> stats = new ConcurrentHashMap<>();

    public InferenceMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records one predict call of {@code batchSize} items that took {@code nanos}. */
    public void record(ModelKey key, String outcome, long nanos, int batchSize) {
        timers.computeIfAbsent(new TimerKey(key, outcome), k -> Timer.builder("zerocold.inference")
                        .description("Time to serve one predict call, by model version and outcome")
                        .tags(tags(key).and("outcome", outcome))
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofNanos(50_000))
                        .maximumExpectedValue(Duration.ofSeconds(30))
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
        batchSizes.computeIfAbsent(key, k -> DistributionSummary.builder("zerocold.batch.size")
                        .description("Items per predict call")
                        .tags(tags(k))
                        .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256)
                        .register(registry))
                .record(batchSize);
        stats.computeIfAbsent(key, k -> new ModelStats()).record(outcome, nanos);
    }

    /** One timer per model version and outcome (a record: no string built per prediction). */
    private record TimerKey(ModelKey model, String outcome) {
    }

    /** Per model version: calls, successes and latency histogram since the process started. */
    public Map<ModelKey, ModelStats> stats() {
        return Map.copyOf(stats);
    }

    public static Tags tags(ModelKey key) {
        return Tags.of("model", key.name(), "version", key.version());
    }

    /** Counters and a latency histogram of one model version. */
    public static final class ModelStats {
        private final LongAdder calls = new LongAdder();
        private final LongAdder successes = new LongAdder();
        private final ConcurrentHistogram micros = new ConcurrentHistogram(1, MAX_MICROS, 2);

        void record(String outcome, long nanos) {
            calls.increment();
            if (SUCCESS.equals(outcome)) {
                successes.increment();
                micros.recordValue(Math.min(MAX_MICROS, Math.max(1, nanos / 1_000)));
            }
        }

        public long calls() {
            return calls.sum();
        }

        public long successes() {
            return successes.sum();
        }

        /** A copy of the latency histogram of successful calls, in microseconds. */
        public Histogram latencyMicros() {
            return micros.copy();
        }
    }
}
