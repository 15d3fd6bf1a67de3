package dev.zerocold.runtime.serving;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The serving core: batch threads, drain time, and per-model overrides of model.yaml's {@code batching} and {@code cache}. */
@ConfigMapping(prefix = "zerocold.serving")
public interface ServingConfig {

    /** Threads that run batches, shared by every model; 0 = one per available core. */
    @WithDefault("0")
    int threads();

    /** How long closing a version waits for its queued and running items before failing the rest with 503. */
    @WithDefault("10s")
    Duration drainTimeout();

    /**
     * Overrides by model name, applied over the model's {@code model.yaml}, e.g.
     * {@code zerocold.serving.model.sentiment.batching.max-batch-size=16} or
     * {@code zerocold.serving.model.image.cache.enabled=true}.
     */
    Map<String, ModelOverride> model();

    /** One model's overrides. */
    interface ModelOverride {
        /** Overrides of the {@code batching:} block. */
        Batching batching();

        /** Overrides of the {@code cache:} block. */
        Cache cache();
    }

    /** See {@link BatchingPolicy}; each setting replaces the model.yaml value when given. */
    interface Batching {
        /** {@code false} serves items one at a time. */
        Optional<Boolean> enabled();

        /** Most items in one model call. */
        Optional<Integer> maxBatchSize();

        /** Longest wait for a batch to fill (e.g. {@code 2ms}, {@code 0.0005s}); 0 never waits. */
        Optional<Duration> maxQueueDelay();

        /** Most items waiting; beyond it requests get 503 with Retry-After. */
        Optional<Integer> maxQueueSize();

        /** Deadline of an item from its submission; past it the request gets 504. */
        Optional<Duration> timeout();

        /** Batches of this model that may run at once. */
        Optional<Integer> instances();

        default BatchingPolicy.Settings settings() {
            return new BatchingPolicy.Settings(enabled().orElse(null), maxBatchSize().orElse(null),
                    maxQueueDelay().orElse(null), maxQueueSize().orElse(null), timeout().orElse(null),
                    instances().orElse(null));
        }
    }

    /** See {@link CachePolicy}; each setting replaces the model.yaml value when given. */
    interface Cache {
        /** Whether predictions are cached. */
        Optional<Boolean> enabled();

        /** Most cached predictions. */
        Optional<Long> maxEntries();

        /** How long a cached prediction is served. */
        Optional<Duration> ttl();

        default CachePolicy.Settings settings() {
            return new CachePolicy.Settings(enabled().orElse(null), maxEntries().orElse(null), ttl().orElse(null));
        }
    }
}
