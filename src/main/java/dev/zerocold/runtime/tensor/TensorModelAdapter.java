package dev.zerocold.runtime.tensor;

import dev.zerocold.common.InvalidInputException;
import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.TensorSpec;
import dev.zerocold.runtime.serving.ServedModel;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Tensor models through the Open Inference Protocol: every input of the graph is required, each of
 * its declared datatype and shape; a batchable model's inputs must agree on the first dimension.
 * Outputs are the graph's, in its order.
 */
@Singleton
public class TensorModelAdapter implements TensorAdapter {

    @Override
    public Task task() {
        return Task.TENSOR;
    }

    @Override
    public TensorMetadata metadata(ServedModel<?, ?> served) {
        return model(served).metadata();
    }

    @Override
    public CompletableFuture<List<Tensor>> infer(ServedModel<?, ?> served, List<Tensor> inputs) {
        ServedModel<TensorBatch, TensorBatch> typed = served.as(TensorModel.SIGNATURE);
        return typed.submit(checked(model(served), inputs)).thenApply(TensorBatch::tensors);
    }

    private static TensorModel model(ServedModel<?, ?> served) {
        return (TensorModel) served.as(TensorModel.SIGNATURE).model();
    }

    /** The inputs in the graph's order, each checked; a 400 naming the first one at fault. */
    private static TensorBatch checked(TensorModel model, List<Tensor> given) {
        TensorMetadata face = model.metadata();
        Map<String, Tensor> byName = face.check(given);
        List<Tensor> ordered = new ArrayList<>(face.inputs().size());
        Long rows = null;
        for (TensorSpec spec : face.inputs()) {
            Tensor tensor = TensorMetadata.required(byName, spec.name());
            if (model.batchable()) {
                if (rows != null && tensor.rows() != rows) {
                    throw new InvalidInputException("inputs disagree on the batch (first) dimension: '" + spec.name()
                            + "' has " + tensor.rows() + " rows, the others " + rows);
                }
                rows = tensor.rows();
            }
            ordered.add(tensor);
        }
        return new TensorBatch(ordered);
    }
}
