package dev.zerocold.runtime;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.databind.JsonNode;
import dev.zerocold.runtime.serving.BatchingPolicy;
import dev.zerocold.runtime.serving.CachePolicy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The contents of a version's {@code model.yaml}, bound to plain records (no type information is
 * ever taken from the file). {@code settings} is backend-specific and bound by its loader to a
 * record of its own. {@code batching} and {@code cache} (optional) tune the serving core for this
 * version; unset fields keep the loader's defaults.
 */
@RegisterForReflection  // bound or written by Jackson by reflection, also in a native image
@com.fasterxml.jackson.annotation.JsonIgnoreProperties({"inputs", "outputs"})  // see ModelYaml.read
public record ModelConfig(Framework framework, Task task, String description, List<String> labels,
                          String labelsFile, JsonNode settings,
                          BatchingPolicy.Settings batching, CachePolicy.Settings cache) {

    public ModelConfig {
        Objects.requireNonNull(framework, "framework is required");
        task = task == null && framework == Framework.ONNX ? Task.TENSOR : task;  // any ONNX model, by its tensors
        Objects.requireNonNull(task, "task is required");
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /** This config with {@code overrides} over its {@code batching} block (a deploy request's settings). */
    public ModelConfig withBatching(BatchingPolicy.Settings overrides) {
        BatchingPolicy.Settings base = batching;
        BatchingPolicy.Settings merged = base == null ? overrides : new BatchingPolicy.Settings(
                pick(overrides.enabled(), base.enabled()), pick(overrides.maxBatchSize(), base.maxBatchSize()),
                pick(overrides.maxQueueDelay(), base.maxQueueDelay()), pick(overrides.maxQueueSize(), base.maxQueueSize()),
                pick(overrides.timeout(), base.timeout()), pick(overrides.instances(), base.instances()));
        return new ModelConfig(framework, task, description, labels, labelsFile, settings, merged, cache);
    }

    private static <T> T pick(T first, T second) {
        return first != null ? first : second;
    }

    /** The class labels: {@code labels}, or one per non-blank line of {@code labels_file}. */
    public List<String> labels(Path versionDirectory) throws IOException {
        if (!labels.isEmpty() || labelsFile == null) {
            return labels;
        }
        String text = new String(Artifacts.read(labelsFile, versionDirectory), StandardCharsets.UTF_8);
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }
}
