package dev.zerocold.runtime.tensor;

import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.serving.ServedModel;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * How the models of one {@link Task} are described and called with tensors (the Open Inference
 * Protocol): the adapter converts tensors to the model's inputs and its outputs back, on a version
 * the entry point has already resolved. One CDI bean per task; {@link TensorAdapters} finds it.
 */
public interface TensorAdapter {

    Task task();

    /** What a READY version takes and returns, derived from the loaded model. */
    TensorMetadata metadata(ServedModel<?, ?> served);

    /**
     * One inference on the served version: every output of the model, in the metadata's order (the
     * caller selects among them). Bad inputs fail the future (or throw) with an
     * {@link dev.zerocold.common.InvalidInputException}.
     */
    CompletableFuture<List<Tensor>> infer(ServedModel<?, ?> served, List<Tensor> inputs);
}
