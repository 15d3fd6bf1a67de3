package dev.zerocold.common;

import java.util.Optional;

/** The model exists but cannot serve now: still loading, or failed to load (503 + Retry-After). */
public final class ModelNotReadyException extends ZerocoldException {

    private final int retryAfterSeconds;

    public ModelNotReadyException(String detail, String model, String version, int retryAfterSeconds) {
        super(503, "model-not-ready", "Model not ready", detail, model, version);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public Optional<Integer> retryAfterSeconds() {
        return Optional.of(retryAfterSeconds);
    }
}
