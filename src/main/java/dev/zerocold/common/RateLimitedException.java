package dev.zerocold.common;

import java.util.Optional;

/** A client sent more than its rate limit allows (429 + Retry-After). */
public final class RateLimitedException extends ZerocoldException {

    private final int retryAfterSeconds;

    public RateLimitedException(String detail, int retryAfterSeconds) {
        super(429, "rate-limited", "Too many requests", detail, null, null);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public Optional<Integer> retryAfterSeconds() {
        return Optional.of(retryAfterSeconds);
    }
}
