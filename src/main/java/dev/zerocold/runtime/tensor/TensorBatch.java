package dev.zerocold.runtime.tensor;

import java.util.List;

/**
 * One request to a tensor model (and its answer): named tensors whose first dimension, when the
 * model is batchable, counts the request's rows.
 */
public record TensorBatch(List<Tensor> tensors) {

    public TensorBatch {
        tensors = List.copyOf(tensors);
    }
}
