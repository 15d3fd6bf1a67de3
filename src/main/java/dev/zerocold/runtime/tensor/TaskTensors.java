package dev.zerocold.runtime.tensor;

import dev.zerocold.runtime.ModelKey;
import dev.zerocold.runtime.ModelVersion;
import dev.zerocold.runtime.Task;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A task's tensor face: how the models of one {@link Task} are described and called with tensors
 * (the Open Inference Protocol). One CDI bean per task; the {@link TensorFaces} registry finds it.
 * Calls go through the same serving core as the task's own endpoint (queue, batching, cache).
 */
public interface TaskTensors {

    Task task();

    /** What a READY version takes and returns, derived from the loaded model. */
    TensorFace face(ModelVersion version);

    /**
     * One inference. The chosen version (named, or picked by the traffic split and routing key) is
     * returned with every output of the model, in the face's order; the caller selects among them.
     * Bad inputs fail the future (or throw) with an {@link dev.zerocold.common.InvalidInputException}.
     */
    CompletableFuture<Inferred> infer(Call call);

    /** One inference request: a model, optionally a version and a routing key, and its input tensors. */
    record Call(String model, String version, String routingKey, List<Tensor> inputs) {
    }

    /** The version that answered and its outputs. */
    record Inferred(ModelKey key, List<Tensor> outputs) {
    }
}
