package dev.zerocold.runtime.serving;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.time.Duration;

/**
 * How one model version's inference queue forms and runs batches, with Triton's semantics: a batch
 * leaves when {@code maxBatchSize} items are queued or the oldest has waited {@code maxQueueDelay}
 * ({@code 0}: batch only what is already queued, never wait); at most {@code maxQueueSize} items
 * wait; an item not answered within {@code timeout} of its submission is answered 504 (and never
 * computed if it had not started); at most {@code instances} batches of the version run at once. {@code enabled = false}
 * (or a {@code maxBatchSize} of 1) serves items one at a time through the same queue. Immutable.
 */
public record BatchingPolicy(boolean enabled, int maxBatchSize, Duration maxQueueDelay, int maxQueueSize,
                             Duration timeout, int instances) {

    /** Defaults for a model whose loader says nothing more specific. */
    public static final BatchingPolicy DEFAULT =
            new BatchingPolicy(true, 32, Duration.ZERO, 1024, Duration.ofSeconds(10), 1);

    public BatchingPolicy {
        if (maxBatchSize < 1 || maxQueueSize < 1 || instances < 1) {
            throw new IllegalArgumentException("batching: max_batch_size, max_queue_size and instances must be at least 1");
        }
        if (maxQueueDelay.isNegative() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("batching: max_queue_delay must be >= 0 and timeout > 0");
        }
    }

    /** Largest batch actually formed: 1 when batching is disabled. */
    public int batchLimit() {
        return enabled ? maxBatchSize : 1;
    }

    /** This policy with every setting that {@code overrides} gives replaced. */
    public BatchingPolicy with(Settings overrides) {
        if (overrides == null) {
            return this;
        }
        return new BatchingPolicy(
                overrides.enabled() != null ? overrides.enabled() : enabled,
                overrides.maxBatchSize() != null ? overrides.maxBatchSize() : maxBatchSize,
                overrides.maxQueueDelay() != null ? overrides.maxQueueDelay() : maxQueueDelay,
                overrides.maxQueueSize() != null ? overrides.maxQueueSize() : maxQueueSize,
                overrides.timeout() != null ? overrides.timeout() : timeout,
                overrides.instances() != null ? overrides.instances() : instances);
    }

    /**
     * The {@code batching:} block of a {@code model.yaml}, or a per-model override from config:
     * every field optional, unset fields keep the value beneath.
     */
    @RegisterForReflection  // bound or written by Jackson by reflection, also in a native image
    public record Settings(Boolean enabled, Integer maxBatchSize,
                           @JsonDeserialize(using = DurationText.Deserializer.class) Duration maxQueueDelay,
                           Integer maxQueueSize,
                           @JsonDeserialize(using = DurationText.Deserializer.class) Duration timeout,
                           Integer instances) {
    }
}
