package dev.zerocold.runtime;

import java.util.List;

/**
 * The one model contract every backend implements, whatever its framework: a {@link ModelLoader}
 * loads it, the registry tracks its {@link ModelStatus}, the version's inference queue
 * runs batched {@link #predict} on it, and the manager closes it when it is unloaded.
 *
 * <p>Implementations must be safe for concurrent {@code predict} calls from many threads (a version
 * may run several batches at once, see {@code batching.instances}).
 *
 * @param <I> one input item (text, image, user…)
 * @param <O> the prediction for one item
 */
public interface Model<I, O> extends AutoCloseable {

    /** The item types this model takes and returns. */
    Signature<I, O> signature();

    /**
     * Predicts a batch: exactly one result per input, in input order. An input that cannot be
     * processed yields a failed {@link ItemResult} (e.g. an {@link dev.zerocold.common.InvalidInputException})
     * and leaves the other items' results intact. A thrown exception fails the call as a whole; the
     * serving core then runs each item alone so that only the item that causes it fails.
     */
    List<ItemResult<O>> predict(List<I> inputs);

    /** The class labels, in output order, for a classifier; empty for other models. */
    default List<String> labels() {
        return List.of();
    }

    /** Releases native resources. Called once, after the last {@code predict} has returned. */
    @Override
    default void close() {
    }
}
