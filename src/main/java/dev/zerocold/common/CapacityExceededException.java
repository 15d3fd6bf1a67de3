package dev.zerocold.common;

import java.util.Optional;

/** A bounded store or queue is full; the request was not accepted and may be retried later (503 + Retry-After). */
public final class CapacityExceededException extends ZerocoldException {

    private final int retryAfterSeconds;

    public CapacityExceededException(String detail, int retryAfterSeconds) {
        this(detail, null, null, retryAfterSeconds);
    }

    public CapacityExceededException(String detail, String model, String version, int retryAfterSeconds) {
        super(503, "capacity-exceeded", "Capacity exceeded", detail, model, version);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public Optional<Integer> retryAfterSeconds() {
        return Optional.of(retryAfterSeconds);
    }
}
