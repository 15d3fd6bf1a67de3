package dev.zerocold.api.admin;

import dev.zerocold.common.InvalidInputException;
import dev.zerocold.runtime.serving.BatchingPolicy;

import java.time.Duration;

/**
 * Body of {@code POST /models} and {@code POST /models/{name}/versions/{version}}: the folder holding
 * the version's model.yaml and artifacts ({@code path}, under a model root), and optionally
 * {@code framework}/{@code task} (checked against model.yaml) and {@code config} overriding its batching.
 */
public record DeployRequest(String name, String version, String framework, String task, String path, Config config) {

    /** Serving overrides, in the contract's names. */
    public record Config(Integer maxBatchSize, Double maxBatchDelayMs, Integer maxQueueSize, Long timeoutMs,
                         Integer instances) {

        BatchingPolicy.Settings settings() {
            atLeast("max_batch_size", maxBatchSize, 1);
            atLeast("max_queue_size", maxQueueSize, 1);
            atLeast("timeout_ms", timeoutMs, 1);
            atLeast("instances", instances, 1);
            if (maxBatchDelayMs != null && !(maxBatchDelayMs >= 0 && maxBatchDelayMs <= 60_000)) {
                throw new InvalidInputException("config.max_batch_delay_ms must be between 0 and 60000");
            }
            return new BatchingPolicy.Settings(null, maxBatchSize,
                    maxBatchDelayMs == null ? null : Duration.ofNanos(Math.round(maxBatchDelayMs * 1_000_000)),
                    maxQueueSize, timeoutMs == null ? null : Duration.ofMillis(timeoutMs), instances);
        }

        private static void atLeast(String field, Number value, long min) {
            if (value != null && value.longValue() < min) {
                throw new InvalidInputException("config." + field + " must be at least " + min + ", got " + value);
            }
        }
    }
}
