package dev.zerocold.api.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.zerocold.runtime.registry.ModelVersion;
import dev.zerocold.runtime.TensorSpec;
import dev.zerocold.runtime.tensor.TensorMetadata;
import java.util.Optional;
import dev.zerocold.runtime.serving.BatchingPolicy;
import dev.zerocold.runtime.serving.CachePolicy;

import java.util.List;
import java.util.Map;

/** A model as the management API shows it: its versions and its traffic split (empty: the newest READY version). */
@JsonPropertyOrder({"name", "versions", "traffic"})
public record ModelInfo(String name, List<VersionInfo> versions, Map<String, Double> traffic) {

    /**
     * One version: status (and the reason of a failure), generation, what it serves; once READY, its
     * tensors as loaded (the Open Inference Protocol metadata) and its serving settings.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"name", "version", "status", "reason", "generation", "framework", "task", "description",
        "inputs", "outputs", "batching", "cache"})
    public record VersionInfo(String name, String version, String status, String reason, long generation,
                              String framework, String task, String description, List<TensorSpec> inputs,
                              List<TensorSpec> outputs, Batching batching, Cache cache) {

        static VersionInfo of(ModelVersion v, Optional<TensorMetadata> face) {
            var config = v.config();
            return new VersionInfo(v.key().name(), v.key().version(), v.status().name(), v.failure().orElse(null),
                    v.generation(), config.map(c -> c.framework().id()).orElse(null),
                    config.map(c -> c.task().id()).orElse(null), config.map(c -> c.description()).orElse(null),
                    face.map(TensorMetadata::inputs).orElse(null), face.map(TensorMetadata::outputs).orElse(null),
                    v.served().map(s -> Batching.of(s.batching())).orElse(null),
                    v.served().map(s -> Cache.of(s.cachePolicy())).orElse(null));
        }
    }

    /** The batching policy in force (durations in microseconds / milliseconds). */
    public record Batching(boolean enabled, int maxBatchSize, long maxQueueDelayUs, int maxQueueSize, long timeoutMs,
                           int instances) {
        static Batching of(BatchingPolicy p) {
            return new Batching(p.enabled(), p.maxBatchSize(), p.maxQueueDelay().toNanos() / 1_000, p.maxQueueSize(),
                    p.timeout().toMillis(), p.instances());
        }
    }

    /** The cache policy in force. */
    public record Cache(boolean enabled, long maxEntries, long ttlSeconds) {
        static Cache of(CachePolicy p) {
            return new Cache(p.enabled(), p.maxEntries(), p.ttl().toSeconds());
        }
    }
}
