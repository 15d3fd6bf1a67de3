package dev.zerocold.ops;

import dev.zerocold.common.Scores;
import dev.zerocold.runtime.ModelKey;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.HdrHistogram.Histogram;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /metrics}: a JSON digest of API traffic for people (every request, errors included;
 * latency of the successful ones); Prometheus reads {@code /q/metrics}.
 */
@Path("/metrics")
public class MetricsSummaryResource {

    private final RequestMetrics metrics;

    public MetricsSummaryResource(RequestMetrics metrics) {
        this.metrics = metrics;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public MetricsSummary summary() {
        Histogram all = null;
        long calls = 0;
        long successes = 0;
        Map<String, MetricsSummary.ModelSummary> models = new LinkedHashMap<>();
        var stats = metrics.stats().entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<ModelKey, RequestMetrics.ModelStats> e) -> e.getKey().toString()))
                .toList();
        for (var entry : stats) {
            RequestMetrics.ModelStats model = entry.getValue();
            Histogram latency = model.latencyMicros();
            calls += model.calls();
            successes += model.successes();
            if (all == null) {
                all = latency.copy();
            } else {
                all.add(latency);
            }
            if (entry.getKey().equals(RequestMetrics.NONE)) {
                continue;
            }
            models.put(entry.getKey().toString(), new MetricsSummary.ModelSummary(model.calls(), model.successes(),
                    rate(model.successes(), model.calls()), latency(latency)));
        }
        return new MetricsSummary(calls, successes, rate(successes, calls), latency(all), models);
    }

    private static MetricsSummary.Latency latency(Histogram micros) {
        if (micros == null || micros.getTotalCount() == 0) {
            return null;
        }
        return new MetricsSummary.Latency(ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(95)),
                ms(micros.getValueAtPercentile(99)), ms(micros.getMaxValue()));
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    private static double rate(long part, long whole) {
        return whole == 0 ? 1.0 : Scores.fourDecimals((double) part / whole);
    }
}
