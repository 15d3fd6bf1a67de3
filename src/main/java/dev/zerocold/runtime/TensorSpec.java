package dev.zerocold.runtime;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** Name, Open Inference Protocol datatype and shape (-1 for a variable dimension) of a model input or output. */
@RegisterForReflection  // bound or written by Jackson by reflection, also in a native image
public record TensorSpec(String name, String datatype, List<Long> shape) {
}
