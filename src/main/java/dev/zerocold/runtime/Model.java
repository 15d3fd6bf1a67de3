package dev.zerocold.runtime;

import java.util.List;

/**
 * The one model contract every backend implements, whatever its framework: a {@link ModelLoader}
 * loads it, the {@link ModelManager} tracks its {@link ModelStatus}, callers run batched
 * {@link #predict} on it, and the manager closes it when it is unloaded.
 *
 * <p>Implementations must be safe for concurrent {@code predict} calls from many threads.
 *
 * @param <I> one input item (text, image, user…)
 * @param <O> the prediction for one item
 */
public interface Model<I, O> extends AutoCloseable {

    /**
     * Predicts a batch. The result has exactly one element per input, in input order.
     *
     * @throws dev.zerocold.common.InvalidInputException if an item cannot be processed
     */
    List<O> predict(List<I> inputs);

    /** Releases native resources. Called once, after the last {@code predict} has returned. */
    @Override
    default void close() {
    }
}
