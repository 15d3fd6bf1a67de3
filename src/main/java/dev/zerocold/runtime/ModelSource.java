package dev.zerocold.runtime;

import java.nio.file.Path;

/**
 * Where one model version lives and what its {@code model.yaml} says: {@code config}, or, when the
 * file could not be read, {@code configError} saying why (reported as the version's FAILED reason).
 */
public record ModelSource(ModelKey key, Path directory, ModelConfig config, String configError) {

    public ModelSource(ModelKey key, Path directory, ModelConfig config) {
        this(key, directory, config, null);
    }

    /** Reads {@code directory/model.yaml} for version {@code key}; a broken file yields its error, not an exception. */
    public static ModelSource read(ModelKey key, Path directory) {
        try {
            return new ModelSource(key, directory, ModelYaml.read(directory), null);
        } catch (java.io.IOException | RuntimeException e) {
            return new ModelSource(key, directory, null, ModelYaml.describe(e));
        }
    }
}
