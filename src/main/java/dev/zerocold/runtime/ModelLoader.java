package dev.zerocold.runtime;

import dev.zerocold.runtime.serving.BatchingPolicy;
import dev.zerocold.runtime.serving.CachePolicy;

/**
 * Turns a {@link ModelSource} into a runnable {@link Model}. Loaders are CDI beans, each owned by
 * the feature whose task it serves; the model registry picks the one that {@link #supports} a
 * version's framework and task. {@code load} may be called from several threads at once for
 * different sources.
 */
public interface ModelLoader {

    boolean supports(ModelConfig config);

    /** Loads the model; any exception marks the version FAILED with the exception's message. */
    Model<?, ?> load(ModelSource source) throws Exception;

    /** Batching for this kind of model when model.yaml and config say nothing. */
    default BatchingPolicy batching() {
        return BatchingPolicy.DEFAULT;
    }

    /** Caching for this kind of model when model.yaml and config say nothing: off unless a loader knows better. */
    default CachePolicy cache() {
        return CachePolicy.OFF;
    }
}
