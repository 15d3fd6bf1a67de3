package dev.zerocold.runtime.serving;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One model version's prediction cache (Caffeine): at most {@code max_entries} outputs, each kept at
 * most {@code ttl}. Keys are the version's generation and the input's digest, so an answer computed
 * before the version changed is never served after. Identical inputs in flight at the same time share
 * one computation; failures are not cached. Values are model outputs before any post-processing.
 * Thread-safe.
 */
public final class PredictionCache<O> {

    /** A cache key: the generation that computed the value and the input. */
    record Key(long generation, InputDigest input) {
    }

    private final AsyncCache<Key, O> cache;

    /** A cache whose entries age on the system clock. */
    public PredictionCache(CachePolicy policy) {
        this(policy, Ticker.systemTicker());
    }

    /** A cache whose entries age on {@code ticker} (nanoseconds). */
    public PredictionCache(CachePolicy policy, Ticker ticker) {
        this.cache = Caffeine.newBuilder()
                .maximumSize(policy.maxEntries())
                .expireAfterWrite(policy.ttl())
                .ticker(ticker)
                .executor(Runnable::run)  // upkeep on the caller: no hop to a shared pool
                .recordStats()
                .buildAsync();
    }

    /** The cached output for {@code input} in {@code generation}, else {@code compute}'s, which is then kept. */
    public CompletableFuture<O> get(long generation, InputDigest input, Supplier<CompletableFuture<O>> compute) {
        return cache.get(new Key(generation, input), (key, executor) -> {
            try {
                return compute.get();
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        });
    }

    public CacheStats stats() {
        return cache.synchronous().stats();
    }

    public long size() {
        return cache.synchronous().estimatedSize();
    }

    public void clear() {
        cache.synchronous().invalidateAll();
    }
}
