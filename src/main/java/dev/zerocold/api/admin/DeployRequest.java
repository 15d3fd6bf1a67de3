package dev.zerocold.api.admin;

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
            return new BatchingPolicy.Settings(null, maxBatchSize,
                    maxBatchDelayMs == null ? null : Duration.ofNanos(Math.round(maxBatchDelayMs * 1_000_000)),
                    maxQueueSize, timeoutMs == null ? null : Duration.ofMillis(timeoutMs), instances);
        }
    }
}
