package dev.zerocold.common;

import java.util.Optional;

/**
 * Base of every error a client can cause or see. Each subclass is one condition and maps to one
 * HTTP status and problem type; {@link ProblemMapper} turns it into {@code application/problem+json}.
 * The message is the problem's {@code detail} and is shown to clients, so it must never carry
 * internals (class names, paths, stack traces).
 */
public abstract class ZerocoldException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final transient String model;
    private final transient String version;

    /**
     * @param status HTTP status code of this condition
     * @param slug   short, stable name of the condition, e.g. {@code model-not-found}
     * @param title  human-readable summary, the same for every occurrence
     * @param detail what went wrong this time, shown to the client
     */
    protected ZerocoldException(int status, String slug, String title, String detail, String model, String version) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.model = model;
        this.version = version;
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

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
