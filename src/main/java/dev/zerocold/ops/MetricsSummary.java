package dev.zerocold.ops;

import java.util.Map;

/** Body of {@code GET /metrics}: totals since the process started and latency percentiles (ms). */
public record MetricsSummary(long totalRequests, long successfulRequests, double successRate, Latency latencyMs,
                             Map<String, ModelSummary> models) {

    /** Percentiles of successful predict calls, in milliseconds; null when there were none. */
    public record Latency(double p50, double p95, double p99, double max) {
    }

    /** One model version's figures; keyed by {@code name/version}. */
    public record ModelSummary(long calls, long successes, double successRate, Latency latencyMs) {
    }
}
