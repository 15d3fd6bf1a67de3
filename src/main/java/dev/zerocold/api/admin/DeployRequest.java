package dev.zerocold.api.admin;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.zerocold.common.InvalidInputException;
import dev.zerocold.runtime.serving.BatchingPolicy;
import dev.zerocold.runtime.serving.DurationText;

import java.time.Duration;

/**
 * Body of {@code POST /models} and {@code POST /models/{name}/versions/{version}}: the folder holding
 * the version's model.yaml and artifacts ({@code path}, under a model root), and optionally
 * {@code framework}/{@code task} (checked against model.yaml) and {@code config} overriding its batching.
 */
public record DeployRequest(String name, String version, String framework, String task, String path, Config config) {

    /**
     * Batching overrides in model.yaml's vocabulary ({@code max_batch_size}, {@code max_queue_delay},
     * {@code max_queue_size}, {@code timeout}, {@code instances}; durations as {@code 2ms}, {@code 5s}).
     * {@code max_batch_delay_ms} and {@code timeout_ms} are accepted as the same settings in
     * milliseconds (the API contract's spelling); giving both spellings of one setting is a 400.
     */
    public record Config(Integer maxBatchSize,
                         @JsonDeserialize(using = DurationText.Deserializer.class) Duration maxQueueDelay,
                         Integer maxQueueSize,
                         @JsonDeserialize(using = DurationText.Deserializer.class) Duration timeout,
                         Integer instances, Double maxBatchDelayMs, Long timeoutMs) {

        BatchingPolicy.Settings settings() {
            atLeast("max_batch_size", maxBatchSize, 1);
            atLeast("max_queue_size", maxQueueSize, 1);
            atLeast("timeout_ms", timeoutMs, 1);
            atLeast("instances", instances, 1);
            if (maxBatchDelayMs != null && !(maxBatchDelayMs >= 0 && maxBatchDelayMs <= 60_000)) {
                throw new InvalidInputException("config.max_batch_delay_ms must be between 0 and 60000");
            }
            Duration delay = one("max_queue_delay", maxQueueDelay, "max_batch_delay_ms",
                    maxBatchDelayMs == null ? null : Duration.ofNanos(Math.round(maxBatchDelayMs * 1_000_000)));
            Duration deadline = one("timeout", timeout, "timeout_ms", timeoutMs == null ? null : Duration.ofMillis(timeoutMs));
            if (delay != null && (delay.isNegative() || delay.compareTo(Duration.ofMinutes(1)) > 0)) {
                throw new InvalidInputException("config.max_queue_delay must be between 0 and 1m");
            }
            if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
                throw new InvalidInputException("config.timeout must be positive");
            }
            return new BatchingPolicy.Settings(null, maxBatchSize, delay, maxQueueSize, deadline, instances);
        }

        private static Duration one(String name, Duration value, String alias, Duration aliased) {
            if (value != null && aliased != null) {
                throw new InvalidInputException("config." + name + " and config." + alias + " are the same setting; "
                        + "give one");
            }
            return value != null ? value : aliased;
        }

        private static void atLeast(String field, Number value, long min) {
            if (value != null && value.longValue() < min) {
                throw new InvalidInputException("config." + field + " must be at least " + min + ", got " + value);
            }
        }
    }
}
