package dev.zerocold.runtime;

/**
 * Turns a {@link ModelSource} into a runnable {@link Model}. Loaders are CDI beans; the
 * {@link ModelManager} picks the one that {@link #supports} a version's framework and task.
 * {@code load} may be called from several threads at once for different sources.
 */
public interface ModelLoader {

    boolean supports(ModelConfig config);

    /** Loads the model; any exception marks the version FAILED with the exception's message. */
    Model<?, ?> load(ModelSource source) throws Exception;
}
