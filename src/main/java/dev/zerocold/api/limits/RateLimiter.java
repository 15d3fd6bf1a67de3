package dev.zerocold.api.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.zerocold.common.RateLimitedException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Token buckets (Bucket4j) per client and {@link Family}, kept in a bounded cache
 * ({@code max-clients}, forgotten after ten idle minutes, when a new client would start full anyway).
 * Refusals are counted in {@code zerocold_rate_limited_total{family}}. Thread-safe.
 */
@ApplicationScoped
public class RateLimiter {

    /** The endpoint families, each with its own limit. */
    public enum Family {
        PREDICT, BATCH, INTERACTIONS, MANAGEMENT;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private record ClientFamily(String client, Family family) {
    }

    private final Map<Family, RateLimitConfig.Family> limits = new EnumMap<>(Family.class);
    private final Map<Family, Counter> refused = new EnumMap<>(Family.class);
    private final Cache<ClientFamily, Bucket> buckets;

    public RateLimiter(RateLimitConfig config, MeterRegistry registry) {
        limits.put(Family.PREDICT, config.predict());
        limits.put(Family.BATCH, config.batch());
        limits.put(Family.INTERACTIONS, config.interactions());
        limits.put(Family.MANAGEMENT, config.management());
        for (Family family : Family.values()) {
            RateLimitConfig.Family limit = limits.get(family);
            if (limit.perSecond() <= 0 || limit.burst() < 1) {
                throw new IllegalArgumentException("zerocold.rate-limit." + family.tag()
                        + ": per-second must be > 0 and burst >= 1");
            }
            refused.put(family, Counter.builder("zerocold.rate.limited").tag("family", family.tag())
                    .description("Requests refused with 429 by the per-client rate limit").register(registry));
        }
        this.buckets = Caffeine.newBuilder().maximumSize(config.maxClients())
                .expireAfterAccess(Duration.ofMinutes(10)).build();
    }

    /** Whether a family is limited at all. */
    public boolean enabled(Family family) {
        return limits.get(family).enabled();
    }

    /**
     * Takes {@code tokens} from the client's bucket for {@code family}.
     *
     * @throws RateLimitedException with the seconds until the bucket holds them again
     */
    public void acquire(Family family, String client, long tokens) {
        RateLimitConfig.Family limit = limits.get(family);
        if (!limit.enabled()) {
            return;
        }
        if (tokens > limit.burst()) {
            refused.get(family).increment();
            throw new RateLimitedException(tokens + " items are more than this client's burst of " + limit.burst()
                    + " (zerocold.rate-limit." + family.tag() + ".burst)", 60);
        }
        Bucket bucket = buckets.get(new ClientFamily(client, family), key -> newBucket(limit));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(tokens);
        if (!probe.isConsumed()) {
            refused.get(family).increment();
            int seconds = (int) Math.max(1, Math.ceil(probe.getNanosToWaitForRefill() / 1e9));
            throw new RateLimitedException("rate limit of " + format(limit.perSecond()) + "/s (burst " + limit.burst()
                    + ") exceeded for " + family.tag() + " requests; retry in " + seconds + " s", seconds);
        }
    }

    private static Bucket newBucket(RateLimitConfig.Family limit) {
        long periodNanos = Math.max(1, Math.round(1e9 / limit.perSecond()));
        return Bucket.builder().addLimit(Bandwidth.builder().capacity(limit.burst())
                .refillGreedy(1, Duration.ofNanos(periodNanos)).build()).build();
    }

    private static String format(double perSecond) {
        return perSecond == Math.rint(perSecond) ? Long.toString((long) perSecond) : Double.toString(perSecond);
    }
}
