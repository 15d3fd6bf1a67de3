package dev.zerocold.runtime;

import java.util.List;

/** Name, Open Inference Protocol datatype and shape (-1 for a variable dimension) of a model input or output. */
public record TensorSpec(String name, String datatype, List<Long> shape) {
}
