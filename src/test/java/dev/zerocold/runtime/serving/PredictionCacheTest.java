package dev.zerocold.runtime.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.zerocold.testing.ManualClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The prediction cache answers hits without computing, never serves another generation's answer,
 * never keeps a failure, shares one computation between identical requests in flight, counts hits
 * and misses, stays within {@code max_entries} and keeps an entry exactly its {@code ttl} (on a
 * {@link ManualClock}).
 */
class PredictionCacheTest {

    private static final InputDigest X = InputDigest.of("x");
    private static final InputDigest Y = InputDigest.of("y");

    /** A computation that counts its calls and answers {@code value}. */
    private static final class Compute implements Supplier<CompletableFuture<String>> {
        final AtomicInteger calls = new AtomicInteger();
        final String value;

        Compute(String value) {
            this.value = value;
        }

        @Override
        public CompletableFuture<String> get() {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture(value);
        }
    }

    private static PredictionCache<String> cache(long maxEntries) {
        return new PredictionCache<>(new CachePolicy(true, maxEntries, Duration.ofMinutes(10)));
    }

    private static String now(CompletableFuture<String> future) throws Exception {
        return future.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aHitIsAnsweredWithoutComputing() throws Exception {
        PredictionCache<String> cache = cache(100);
        Compute first = new Compute("one");
        Compute second = new Compute("two");
        assertEquals("one", now(cache.get(1, X, first)));
        assertEquals("one", now(cache.get(1, X, second)));
        assertEquals(1, first.calls.get());
        assertEquals(0, second.calls.get(), "a hit must not compute");
        assertEquals("two", now(cache.get(1, Y, second)), "another input misses");
        assertEquals(1, second.calls.get());
    }

    @Test
    void anotherGenerationMisses() throws Exception {
        PredictionCache<String> cache = cache(100);
        assertEquals("old", now(cache.get(1, X, new Compute("old"))));
        Compute retrained = new Compute("new");
        assertEquals("new", now(cache.get(2, X, retrained)));
        assertEquals(1, retrained.calls.get());
        assertEquals("new", now(cache.get(2, X, new Compute("never"))));
    }

    @Test
    void failuresAreNotCached() throws Exception {
        PredictionCache<String> cache = cache(100);
        AtomicInteger calls = new AtomicInteger();

        // already failed
        CompletableFuture<String> failed = cache.get(1, X, () -> {
            calls.incrementAndGet();
            return CompletableFuture.failedFuture(new IllegalStateException("model failed"));
        });
        assertThrows(ExecutionException.class, () -> now(failed));
        // thrown by the computation itself
        CompletableFuture<String> thrown = cache.get(1, X, () -> {
            calls.incrementAndGet();
            throw new IllegalStateException("could not even start");
        });
        assertTrue(thrown.isCompletedExceptionally(), "a thrown computation fails the future, not the caller");
        // fails later
        CompletableFuture<String> later = new CompletableFuture<>();
        CompletableFuture<String> pending = cache.get(1, X, () -> {
            calls.incrementAndGet();
            return later;
        });
        later.completeExceptionally(new IllegalStateException("failed later"));
        assertThrows(ExecutionException.class, () -> now(pending));

        Compute good = new Compute("ok");
        assertEquals("ok", now(cache.get(1, X, good)));
        assertEquals(3, calls.get(), "every failure was recomputed");
        assertEquals(1, good.calls.get());
        assertEquals("ok", now(cache.get(1, X, new Compute("never"))), "the success is kept");
    }

    @Test
    void identicalRequestsInFlightShareOneComputation() throws Exception {
        PredictionCache<String> cache = cache(100);
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<String> computing = new CompletableFuture<>();
        Supplier<CompletableFuture<String>> compute = () -> {
            calls.incrementAndGet();
            return computing;
        };
        CompletableFuture<String> first = cache.get(1, X, compute);
        CompletableFuture<String> second = cache.get(1, X, compute);
        assertEquals(1, calls.get());
        assertFalse(first.isDone());
        assertFalse(second.isDone());
        assertSame(first, second);
        computing.complete("shared");
        assertEquals("shared", now(second));
        assertEquals(1, calls.get());
    }

    @Test
    void statsCountHitsAndMisses() throws Exception {
        PredictionCache<String> cache = cache(100);
        now(cache.get(1, X, new Compute("a")));   // miss
        now(cache.get(1, X, new Compute("a")));   // hit
        now(cache.get(1, X, new Compute("a")));   // hit
        now(cache.get(1, Y, new Compute("b")));   // miss
        now(cache.get(2, X, new Compute("c")));   // miss: other generation
        CacheStats stats = cache.stats();
        assertEquals(2, stats.hitCount());
        assertEquals(3, stats.missCount());
        assertEquals(3, cache.size());
    }

    @Test
    void maxEntriesBoundsTheSize() throws Exception {
        PredictionCache<String> cache = cache(5);
        for (int i = 0; i < 50; i++) {
            now(cache.get(1, InputDigest.of("input-" + i), new Compute("v" + i)));
        }
        for (int i = 0; i < 5 && cache.size() > 5; i++) {  // upkeep runs on callers: a few more gets settle it
            now(cache.get(1, InputDigest.of("input-49"), new Compute("v49")));
        }
        assertTrue(cache.size() <= 5, "size " + cache.size() + " exceeds max_entries 5");
        assertTrue(cache.stats().evictionCount() >= 45, "evictions: " + cache.stats().evictionCount());
    }

    @Test
    void anEntryExpiresAfterItsTtlAndClearEmptiesTheCache() throws Exception {
        ManualClock clock = new ManualClock();
        PredictionCache<String> cache = new PredictionCache<>(new CachePolicy(true, 100, Duration.ofMillis(50)), clock);
        Compute compute = new Compute("v");
        now(cache.get(1, X, compute));
        clock.advance(Duration.ofMillis(50).minusNanos(1));
        now(cache.get(1, X, compute));
        assertEquals(1, compute.calls.get(), "an entry younger than its ttl is served");
        clock.advance(Duration.ofNanos(1));
        now(cache.get(1, X, compute));
        assertEquals(2, compute.calls.get(), "an entry as old as its ttl is recomputed");
        clock.advance(Duration.ofMillis(49));
        now(cache.get(1, X, compute));
        assertEquals(2, compute.calls.get(), "the recomputed entry starts a ttl of its own");

        cache.clear();
        assertEquals(0, cache.size());
        now(cache.get(1, X, compute));
        assertEquals(3, compute.calls.get());
    }
}
