package dev.zerocold.ops;

import dev.zerocold.runtime.ModelKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every API request by model version and outcome, 4xx and 503 included: Prometheus gets
 * {@code zerocold_requests_total{model,version,outcome}} and the JSON summary at {@code /metrics}
 * reads the same events from fixed-size HdrHistograms (microsecond resolution, 2 significant
 * digits), so memory stays bounded however long the process runs. Requests that name no deployed
 * model version (malformed bodies, unknown models) are counted under {@link #NONE}: tags are only
 * deployed names and versions, never request content. Thread-safe.
 */
@ApplicationScoped
public class RequestMetrics {

    /** The model/version tag of a request that reached no deployed model version. */
    public static final ModelKey NONE = new ModelKey("none", "none");

    /** Outcome tag values, from the HTTP status. */
    public static String outcome(int status) {
        if (status < 400) {
            return "success";
        }
        return switch (status) {
            case 404 -> "not_found";
            case 401, 403 -> "unauthorized";
            case 429 -> "rate_limited";
            case 503 -> "unavailable";
            case 504 -> "timeout";
            default -> status < 500 ? "invalid" : "error";
        };
    }

    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final MeterRegistry registry;
    private final Map<CounterKey, Counter> counters = new ConcurrentHashMap<>();
    private final Map<ModelKey, ModelStats> stats = new ConcurrentHashMap<>();

    public RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records one finished request. */
    public void record(ModelKey key, int status, long nanos) {
        String outcome = outcome(status);
        counters.computeIfAbsent(new CounterKey(key, outcome), k -> Counter.builder("zerocold.requests")
                        .description("API requests by model version and outcome (every status, errors included)")
                        .tags(key.tags()).tag("outcome", outcome)
                        .register(registry))
                .increment();
        stats.computeIfAbsent(key, k -> new ModelStats()).record(status < 400, nanos);
    }

    /** One counter per model version and outcome (a record: no string built per request). */
    private record CounterKey(ModelKey model, String outcome) {
    }

    /** Per model version (and {@link #NONE}): requests, successes and latency histogram since the process started. */
    public Map<ModelKey, ModelStats> stats() {
        return Map.copyOf(stats);
    }

    /** Counters and a latency histogram of one model version. */
    public static final class ModelStats {
        private final LongAdder calls = new LongAdder();
        private final LongAdder successes = new LongAdder();
        private final ConcurrentHistogram micros = new ConcurrentHistogram(1, MAX_MICROS, 2);

        void record(boolean success, long nanos) {
            calls.increment();
            if (success) {
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

        /** A copy of the latency histogram of successful requests, in microseconds. */
        public Histogram latencyMicros() {
            return micros.copy();
        }
    }
}
