package dev.zerocold.common;

import java.util.Optional;

/** The model exists but cannot serve now: still loading, or failed to load (503 + Retry-After). */
public final class ModelNotReadyException extends ZerocoldException {

    private final int retryAfterSeconds;

    public ModelNotReadyException(String detail, String model, String version, int retryAfterSeconds) {
        super(detail, model, version);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public int status() {
        return 503;
    }

    @Override
    public String slug() {
        return "model-not-ready";
    }

    @Override
    public String title() {
        return "Model not ready";
    }

    @Override
    public Optional<Integer> retryAfterSeconds() {
        return Optional.of(retryAfterSeconds);
    }
}
