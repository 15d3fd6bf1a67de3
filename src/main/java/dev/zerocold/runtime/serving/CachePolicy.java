package dev.zerocold.runtime.serving;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.time.Duration;

/**
 * Whether and how a model version caches its predictions: at most {@code maxEntries} outputs, each
 * for at most {@code ttl} after it was computed. Immutable.
 */
public record CachePolicy(boolean enabled, long maxEntries, Duration ttl) {

    /** Off: a model caches only when its loader or model.yaml turns the cache on. */
    public static final CachePolicy OFF = new CachePolicy(false, 10_000, Duration.ofMinutes(10));

    /** On, with the default bounds. */
    public static final CachePolicy ON = new CachePolicy(true, 10_000, Duration.ofMinutes(10));

    public CachePolicy {
        if (maxEntries < 1 || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("cache: max_entries must be at least 1 and ttl positive");
        }
    }

    public CachePolicy with(Settings overrides) {
        if (overrides == null) {
            return this;
        }
        return new CachePolicy(overrides.enabled() != null ? overrides.enabled() : enabled,
                overrides.maxEntries() != null ? overrides.maxEntries() : maxEntries,
                overrides.ttl() != null ? overrides.ttl() : ttl);
    }

    /** The {@code cache:} block of a {@code model.yaml}, or a per-model override from config. */
    @RegisterForReflection  // bound or written by Jackson by reflection, also in a native image
    public record Settings(Boolean enabled, Long maxEntries,
                           @JsonDeserialize(using = DurationText.Deserializer.class) Duration ttl) {
    }
}
