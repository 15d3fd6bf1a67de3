package dev.zerocold.tensor;

import dev.zerocold.common.InvalidInputException;
import dev.zerocold.runtime.ModelManager;
import dev.zerocold.runtime.ModelVersion;
import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.TensorSpec;
import dev.zerocold.runtime.tensor.TaskTensors;
import dev.zerocold.runtime.tensor.Tensor;
import dev.zerocold.runtime.tensor.TensorFace;
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
public class TensorModelTensors implements TaskTensors {

    private final ModelManager models;

    public TensorModelTensors(ModelManager models) {
        this.models = models;
    }

    @Override
    public Task task() {
        return Task.TENSOR;
    }

    @Override
    public TensorFace face(ModelVersion version) {
        return version.model(TensorModel.class).map(TensorModel::face)
                .orElseThrow(() -> new IllegalStateException(version.key() + " is not a READY tensor model"));
    }

    @Override
    public CompletableFuture<Inferred> infer(Call call) {
        return models.serve(Task.TENSOR, TensorModel.SIGNATURE, call.model(), call.version(), call.routingKey())
                .thenCompose(served -> {
                    TensorModel model = models.find(served.key().name(), served.key().version()).model(TensorModel.class)
                            .orElseThrow(() -> new IllegalStateException(served.key() + " is not a tensor model"));
                    TensorBatch request = checked(model, call.inputs());
                    return served.predict(request, null)
                            .thenApply(answer -> new Inferred(served.key(), answer.tensors()));
                });
    }

    /** The inputs in the graph's order, each checked; a 400 naming the first one at fault. */
    private static TensorBatch checked(TensorModel model, List<Tensor> given) {
        TensorFace face = model.face();
        Map<String, Tensor> byName = face.check(given);
        List<Tensor> ordered = new ArrayList<>(face.inputs().size());
        Long rows = null;
        for (TensorSpec spec : face.inputs()) {
            Tensor tensor = TensorFace.required(byName, spec.name());
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
