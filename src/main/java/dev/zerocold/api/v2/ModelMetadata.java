package dev.zerocold.api.v2;

import dev.zerocold.runtime.TensorSpec;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * Open Inference Protocol model metadata ({@code $metadata_model_response}): the version's tensors
 * as loaded. {@code platform} names the backend as Triton does ({@code onnxruntime_onnx}), or
 * {@code opennlp} / {@code java}.
 */
@RegisterForReflection  // written by Jackson by reflection, also in a native image
public record ModelMetadata(String name, List<String> versions, String platform, List<TensorSpec> inputs,
                            List<TensorSpec> outputs) {
}
