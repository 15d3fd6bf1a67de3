package dev.zerocold.runtime;

import java.nio.file.Path;

/** Where one model version lives and what its {@code model.yaml} says. */
public record ModelSource(ModelKey key, Path directory, ModelConfig config) {
}
