package dev.zerocold.common;

import java.util.Optional;

/**
 * Base of every error a client can cause or see. Each subclass is one condition and maps to one
 * HTTP status and problem type; {@link ProblemMapper} turns it into {@code application/problem+json}.
 * The message is the problem's {@code detail} and is shown to clients, so it must never carry
 * internals (class names, paths, stack traces).
 */
public abstract class ZerocoldException extends RuntimeException {

    private final transient String model;
    private final transient String version;

    protected ZerocoldException(String detail, String model, String version) {
        super(detail, null, false, false);
        this.model = model;
        this.version = version;
    }

    /** HTTP status code of this condition. */
    public abstract int status();

    /** Short, stable slug naming the condition, e.g. {@code model-not-found}. */
    public abstract String slug();

    /** Human-readable summary of the condition (the same for every occurrence). */
    public abstract String title();

    /** Seconds a client should wait before retrying, when retrying can help. */
    public Optional<Integer> retryAfterSeconds() {
        return Optional.empty();
    }

    public String model() {
        return model;
    }

    public String version() {
        return version;
    }
}
