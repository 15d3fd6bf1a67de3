package dev.zerocold.runtime.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerocold.common.CapacityExceededException;
import dev.zerocold.common.InferenceTimeoutException;
import dev.zerocold.common.InvalidInputException;
import dev.zerocold.common.ModelNotReadyException;
import dev.zerocold.runtime.ItemResult;
import dev.zerocold.runtime.Model;
import dev.zerocold.runtime.ModelKey;
import dev.zerocold.runtime.Signature;
import dev.zerocold.testing.Await;
import dev.zerocold.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dynamic batcher keeps arrival order, bounds batches by {@code max_batch_size}, waits at most
 * {@code max_queue_delay}, drops items whose deadline passes without computing them, refuses at once
 * when full, fails only the items that fail, runs at most {@code instances} batches at once, drains
 * on close leaving no future pending, and gives every concurrent caller exactly its own answer.
 * Delays and deadlines run on a {@link ManualClock} that only the test moves, so each is checked to
 * the nanosecond: nothing happens one tick before it is due, and it happens when it is.
 */
class InferenceQueueTest {

    private static final ModelKey KEY = new ModelKey("echo", "1");
    private static final int RETRY_AFTER = 7;
    private static final long WAIT = 5;  // seconds: a bound for waits that should end in milliseconds

    /**
     * Records every batch it is called with (at entry), optionally blocks until {@link #release},
     * fails input {@code bad} alone and throws for the whole call when an input is {@code boom}.
     */
    static final class Recorder implements Model<String, String> {
        final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch release;
        final Semaphore entered = new Semaphore(0);
        final AtomicInteger active = new AtomicInteger();
        final AtomicInteger maxActive = new AtomicInteger();
        final Function<String, String> transform;

        Recorder(boolean blocking, Function<String, String> transform) {
            this.release = new CountDownLatch(blocking ? 1 : 0);
            this.transform = transform;
        }

        @Override
        public Signature<String, String> signature() {
            return new Signature<>(String.class, String.class);
        }

        @Override
        public List<ItemResult<String>> predict(List<String> inputs) {
            batches.add(List.copyOf(inputs));
            maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
            entered.release();
            try {
                if (!release.await(WAIT, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("test model never released");
                }
                if (inputs.contains("boom")) {
                    throw new IllegalStateException("boom");
                }
                List<ItemResult<String>> results = new ArrayList<>(inputs.size());
                for (String input : inputs) {
                    results.add(input.equals("bad")
                            ? ItemResult.failed(new InvalidInputException("bad input"))
                            : ItemResult.ok(transform.apply(input)));
                }
                return results;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                active.decrementAndGet();
            }
        }

        List<List<String>> batches() {
            synchronized (batches) {
                return List.copyOf(batches);
            }
        }

        void awaitEntered(int calls) throws InterruptedException {
            assertTrue(entered.tryAcquire(calls, WAIT, TimeUnit.SECONDS), "model not called " + calls + " time(s)");
        }
    }

    /** Counts rejections by reason and the sizes of model calls. */
    static final class Counting implements QueueObserver {
        final Map<Rejection, AtomicInteger> rejections = new EnumMap<>(Rejection.class);
        final List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        final List<Boolean> succeeded = Collections.synchronizedList(new ArrayList<>());

        Counting() {
            for (Rejection r : Rejection.values()) {
                rejections.put(r, new AtomicInteger());
            }
        }

        @Override
        public void queued(long nanos) {
            assertTrue(nanos >= 0);
        }

        @Override
        public void batch(int size, long nanos, boolean ok) {
            synchronized (this) {
                sizes.add(size);
                succeeded.add(ok);
            }
        }

        @Override
        public void rejected(Rejection reason) {
            rejections.get(reason).incrementAndGet();
        }

        /**
         * The rejections counted for {@code reason}, once {@code expected} have been (or the wait
         * gave up): a rejection is counted just after its caller's future fails, on the failing thread.
         */
        int count(Rejection reason, int expected) {
            try {
                Await.until(expected + " " + reason.tag() + " rejections", () -> count(reason) >= expected);
            } catch (AssertionError e) {
                // the caller's assertEquals reports the count
            }
            return count(reason);
        }

        int count(Rejection reason) {
            return rejections.get(reason).get();
        }

        synchronized List<Integer> sizes() {
            return List.copyOf(sizes);
        }

        synchronized List<Boolean> succeeded() {
            return List.copyOf(succeeded);
        }
    }

    private final ExecutorService batches = Executors.newFixedThreadPool(4);
    private final ManualClock clock = new ManualClock();
    private final Counting observer = new Counting();
    private final List<Recorder> models = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        models.forEach(m -> m.release.countDown());
        batches.shutdownNow();
        assertTrue(batches.awaitTermination(WAIT, TimeUnit.SECONDS));
    }

    private Recorder model(boolean blocking) {
        return model(blocking, s -> s.toUpperCase(Locale.ROOT));
    }

    private Recorder model(boolean blocking, Function<String, String> transform) {
        Recorder model = new Recorder(blocking, transform);
        models.add(model);
        return model;
    }

    private static BatchingPolicy policy(boolean enabled, int maxBatch, long delayMs, int queueSize, long timeoutMs,
                                         int instances) {
        return new BatchingPolicy(enabled, maxBatch, Duration.ofMillis(delayMs), queueSize,
                Duration.ofMillis(timeoutMs), instances);
    }

    private InferenceQueue<String, String> queue(Recorder model, BatchingPolicy policy) {
        return new InferenceQueue<>(KEY, model, policy, batches, clock, observer, RETRY_AFTER);
    }

    private static <O> O now(CompletableFuture<O> future) throws Exception {
        return future.get(WAIT, TimeUnit.SECONDS);
    }

    /** The error {@code future} fails with, waiting a bounded time. */
    private static Throwable failure(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(WAIT, TimeUnit.SECONDS));
        return e.getCause();
    }

    private void advanceMillis(long millis) {
        clock.advance(Duration.ofMillis(millis));
    }

    private static Duration justUnder(long millis) {
        return Duration.ofMillis(millis).minusNanos(1);
    }

    @Test
    void itemsQueuedBehindABusyInstanceKeepArrivalOrderAndGetTheirOwnResults() throws Exception {
        Recorder model = model(true);
        InferenceQueue<String, String> queue = queue(model, policy(true, 4, 0, 100, 10_000, 1));
        CompletableFuture<String> first = queue.submit("x");
        model.awaitEntered(1);
        List<String> inputs = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        List<CompletableFuture<String>> futures = new ArrayList<>();
        for (String input : inputs) {
            futures.add(queue.submit(input));
        }
        assertEquals(10, queue.depth());
        model.release.countDown();

        assertEquals("X", now(first));
        for (int i = 0; i < inputs.size(); i++) {
            assertEquals(inputs.get(i).toUpperCase(Locale.ROOT), now(futures.get(i)));
        }
        assertEquals(List.of(List.of("x"), List.of("a", "b", "c", "d"), List.of("e", "f", "g", "h"), List.of("i", "j")),
                model.batches());
        assertEquals(0, queue.depth());
    }

    @Test
    void noBatchExceedsMaxBatchSize() throws Exception {
        Recorder model = model(false);
        InferenceQueue<String, String> queue = queue(model, policy(true, 4, 0, 100, 10_000, 1));
        List<String> inputs = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        List<CompletableFuture<String>> futures = queue.submitAll(inputs, Long.MAX_VALUE);
        for (int i = 0; i < inputs.size(); i++) {
            assertEquals(inputs.get(i).toUpperCase(Locale.ROOT), now(futures.get(i)));
        }
        List<List<String>> seen = model.batches();
        assertTrue(seen.stream().allMatch(b -> b.size() <= 4), "batches: " + seen);
        assertEquals(inputs, seen.stream().flatMap(List::stream).toList());
        assertEquals(List.of(4, 4, 2), observer.sizes());
    }

    @Test
    void itemsArrivingWithinTheQueueDelayFormOneBatch() throws Exception {
        Recorder model = model(false);
        InferenceQueue<String, String> queue = queue(model, policy(true, 8, 50, 100, 10_000, 1));
        CompletableFuture<String> a = queue.submit("a");
        advanceMillis(20);
        CompletableFuture<String> b = queue.submit("b");
        advanceMillis(20);
        CompletableFuture<String> c = queue.submit("c");
        clock.advance(justUnder(10));
        assertEquals(3, queue.depth(), "a batch left before the oldest item had waited 50 ms");
        clock.advance(Duration.ofNanos(1));
        assertEquals(0, queue.depth(), "the batch did not leave when the oldest item had waited 50 ms");
        assertEquals("A", now(a));
        assertEquals("B", now(b));
        assertEquals("C", now(c));
        assertEquals(List.of(List.of("a", "b", "c")), model.batches());
    }

    @Test
    void aFullBatchLeavesWithoutWaitingForTheQueueDelay() throws Exception {
        Recorder model = model(false);
        InferenceQueue<String, String> queue = queue(model, policy(true, 3, 10_000, 100, 20_000, 1));
        List<CompletableFuture<String>> futures = new ArrayList<>(List.of(queue.submit("a"), queue.submit("b")));
        assertEquals(2, queue.depth(), "two of three wait for the delay");
        futures.add(queue.submit("c"));
        assertEquals(0, queue.depth());
        for (CompletableFuture<String> f : futures) {
            now(f);  // the clock has not moved: no delay was waited
        }
        assertEquals(List.of(List.of("a", "b", "c")), model.batches());
    }

    @Test
    void withNoDelayALoneItemRunsAtOnce() throws Exception {
        Recorder model = model(false);
        InferenceQueue<String, String> queue = queue(model, policy(true, 8, 0, 100, 10_000, 1));
        assertEquals("SOLO", now(queue.submit("solo")), "answered without the clock moving");
        assertEquals(List.of(List.of("solo")), model.batches());
        assertEquals(List.of(1), observer.sizes());
    }

    @Test
    void aQueuedItemPastTheTimeoutIsAnswered504AndNeverComputed() throws Exception {
        Recorder model = model(true);
        InferenceQueue<String, String> queue = queue(model, policy(true, 8, 0, 100, 100, 1));
        CompletableFuture<String> blocker = queue.submit("x");
        model.awaitEntered(1);
        advanceMillis(10);
        CompletableFuture<String> late = queue.submit("y");
        clock.advance(justUnder(90));
        assertFalse(blocker.isDone());
        clock.advance(Duration.ofNanos(1));
        assertInstanceOf(InferenceTimeoutException.class, failure(blocker), "its batch outlived its deadline");
        assertFalse(late.isDone(), "answered before its own deadline");
        assertEquals(1, queue.depth());
        advanceMillis(10);
        InferenceTimeoutException error = assertInstanceOf(InferenceTimeoutException.class, failure(late));
        assertEquals(504, error.status());
        assertEquals(0, queue.depth(), "the expired item left the queue");

        model.release.countDown();
        queue.close(Duration.ofSeconds(WAIT)).get(WAIT, TimeUnit.SECONDS);  // the running batch has ended
        assertEquals(List.of(List.of("x")), model.batches(), "the expired item was computed");
        assertEquals(2, observer.count(QueueObserver.Rejection.DEADLINE, 2));
    }

    @Test
    void aCallersShorterDeadlineDropsOnlyThatItem() throws Exception {
        Recorder model = model(true);
        InferenceQueue<String, String> queue = queue(model, policy(true, 8, 0, 100, 10_000, 1));
        CompletableFuture<String> blocker = queue.submit("x");
        model.awaitEntered(1);
        CompletableFuture<String> hurried = queue.submitAll(List.of("y"),
                clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50)).get(0);
        CompletableFuture<String> patient = queue.submit("z");
        clock.advance(justUnder(50));
        assertFalse(hurried.isDone(), "answered before its deadline");
        clock.advance(Duration.ofNanos(1));
        assertInstanceOf(InferenceTimeoutException.class, failure(hurried));
        assertFalse(patient.isDone());

        model.release.countDown();
        assertEquals("X", now(blocker));
        assertEquals("Z", now(patient));
        assertEquals(List.of(List.of("x"), List.of("z")), model.batches());
        assertEquals(1, observer.count(QueueObserver.Rejection.DEADLINE, 1));
    }

    @Test
    void expiredItemsDoNotKeepOccupyingTheQueue() throws Exception {
        Recorder model = model(true);
        InferenceQueue<String, String> queue = queue(model, policy(true, 8, 0, 2, 10_000, 1));
        queue.submit("x");
        model.awaitEntered(1);
        List<CompletableFuture<String>> expiring =
                queue.submitAll(List.of("a", "b"), clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50));
        assertTrue(queue.submit("refused").isCompletedExceptionally(), "the queue (size 2) is full");
        advanceMillis(50);
        for (CompletableFuture<String> f : expiring) {
            assertInstanceOf(InferenceTimeoutException.class, failure(f));
        }
        CompletableFuture<String> next = queue.submit("c");
        assertFalse(next.isCompletedExceptionally(), "refused although the only queued items had expired");
        assertEquals(1, queue.depth());
        model.release.countDown();
        assertEquals("C", now(next));
    }

    @Test
    void aFullQueueRefusesAtOnceWithRetryAfter() throws Exception {
        Recorder model = model(true);
        InferenceQueue<String, String> queue = queue(model, policy(true, 8, 0, 2, 10_000, 1));
        CompletableFuture<String> x = queue.submit("x");
        model.awaitEntered(1);  // x runs: it no longer takes queue space
        CompletableFuture<String> a = queue.submit("a");

        List<CompletableFuture<String>> tooMany = queue.submitAll(List.of("b", "c"), Long.MAX_VALUE);
        for (CompletableFuture<String> f : tooMany) {
            assertTrue(f.isCompletedExceptionally(), "submitAll must refuse all of them, at once");
        }
        assertEquals(1, queue.depth(), "nothing of the refused submitAll was admitted");
        CompletableFuture<String> d = queue.submit("d");
        assertFalse(d.isDone());
        CompletableFuture<String> e = queue.submit("e");
        assertTrue(e.isCompletedExceptionally(), "the refusal is immediate");
        Throwable error = failure(e);
        CapacityExceededException full = assertInstanceOf(CapacityExceededException.class, error);
        assertEquals(503, full.status());
        assertEquals(RETRY_AFTER, full.retryAfterSeconds().orElseThrow());
        assertInstanceOf(CapacityExceededException.class, failure(tooMany.get(0)));
        assertEquals(3, observer.count(QueueObserver.Rejection.QUEUE_FULL, 3));

        model.release.countDown();
        assertEquals("X", now(x));
        assertEquals("A", now(a));
        assertEquals("D", now(d));
        assertEquals(List.of(List.of("x"), List.of("a", "d")), model.batches());
    }

    @Test
    void anItemTheModelRefusesFailsOnlyItsOwnCaller() throws Exception {
        Recorder model = model(false);
        InferenceQueue<String, String> queue = queue(model, policy(true, 8, 0, 100, 10_000, 1));
        List<CompletableFuture<String>> futures = queue.submitAll(List.of("a", "bad", "c"), Long.MAX_VALUE);
        assertEquals("A", now(futures.get(0)));
        assertInstanceOf(InvalidInputException.class, failure(futures.get(1)));
        assertEquals("C", now(futures.get(2)));
        assertEquals(List.of(List.of("a", "bad", "c")), model.batches());
        assertEquals(1, observer.count(QueueObserver.Rejection.INVALID, 1));
    }

    @Test
    void aCallThatThrowsIsRetriedItemByItemSoOnlyTheCulpritFails() throws Exception {
        Recorder model = model(false);
        InferenceQueue<String, String> queue = queue(model, policy(true, 8, 0, 100, 10_000, 1));
        List<CompletableFuture<String>> futures = queue.submitAll(List.of("a", "boom", "c"), Long.MAX_VALUE);
        assertEquals("A", now(futures.get(0)));
        Throwable error = failure(futures.get(1));
        assertInstanceOf(IllegalStateException.class, error);
        assertEquals("boom", error.getMessage());
        assertEquals("C", now(futures.get(2)));
        queue.close(Duration.ofSeconds(WAIT)).get(WAIT, TimeUnit.SECONDS);
        assertEquals(List.of(List.of("a", "boom", "c"), List.of("a"), List.of("boom"), List.of("c")), model.batches());
        assertEquals(List.of(3, 1, 1, 1), observer.sizes());
        assertEquals(List.of(false, true, false, true), observer.succeeded());
    }

    @Test
    void withBatchingDisabledEveryCallHasOneItem() throws Exception {
        Recorder model = model(true);
        InferenceQueue<String, String> queue = queue(model, policy(false, 8, 0, 100, 10_000, 1));
        CompletableFuture<String> x = queue.submit("x");
        model.awaitEntered(1);
        List<CompletableFuture<String>> futures = queue.submitAll(List.of("a", "b", "c", "d"), Long.MAX_VALUE);
        model.release.countDown();
        assertEquals("X", now(x));
        assertEquals(List.of("A", "B", "C", "D"), List.of(now(futures.get(0)), now(futures.get(1)),
                now(futures.get(2)), now(futures.get(3))));
        assertEquals(List.of(List.of("x"), List.of("a"), List.of("b"), List.of("c"), List.of("d")), model.batches());
    }

    @Test
    void atMostInstancesBatchesRunAtOnce() throws Exception {
        Recorder model = model(true);
        InferenceQueue<String, String> queue = queue(model, policy(true, 1, 0, 100, 10_000, 2));
        List<CompletableFuture<String>> futures = List.of(queue.submit("a"), queue.submit("b"), queue.submit("c"));
        model.awaitEntered(2);  // two batches run together before either is released
        assertEquals(2, model.active.get());
        assertEquals(1, queue.depth(), "a third batch was taken (the pool has 4 threads)");
        model.release.countDown();
        assertEquals("A", now(futures.get(0)));
        assertEquals("B", now(futures.get(1)));
        assertEquals("C", now(futures.get(2)));
        assertEquals(2, model.maxActive.get());
    }

    @Test
    void closeLetsQueuedItemsFinishAndRefusesNewOnes() throws Exception {
        Recorder model = model(true);
        InferenceQueue<String, String> queue = queue(model, policy(true, 8, 0, 100, 10_000, 1));
        CompletableFuture<String> x = queue.submit("x");
        model.awaitEntered(1);
        CompletableFuture<String> y = queue.submit("y");
        CompletableFuture<String> z = queue.submit("z");
        CompletableFuture<Void> closing = queue.close(Duration.ofSeconds(WAIT));
        assertFalse(closing.isDone());

        CompletableFuture<String> after = queue.submit("w");
        assertTrue(after.isCompletedExceptionally(), "refused at once");
        ModelNotReadyException refused = assertInstanceOf(ModelNotReadyException.class, failure(after));
        assertEquals(503, refused.status());
        assertEquals(1, observer.count(QueueObserver.Rejection.UNAVAILABLE, 1));

        model.release.countDown();
        assertEquals("X", now(x));
        assertEquals("Y", now(y));
        assertEquals("Z", now(z));
        closing.get(WAIT, TimeUnit.SECONDS);
        assertEquals(List.of(List.of("x"), List.of("y", "z")), model.batches());
    }

    @Test
    void closeRunsItemsWaitingForTheQueueDelayAtOnce() throws Exception {
        Recorder model = model(false);
        InferenceQueue<String, String> queue = queue(model, policy(true, 8, 10_000, 100, 20_000, 1));
        CompletableFuture<String> a = queue.submit("a");
        CompletableFuture<String> b = queue.submit("b");
        assertEquals(2, queue.depth());
        CompletableFuture<Void> closing = queue.close(Duration.ofSeconds(WAIT));
        assertEquals("A", now(a));  // the clock has not moved: neither the delay nor the drain time passed
        assertEquals("B", now(b));
        closing.get(WAIT, TimeUnit.SECONDS);
        assertEquals(List.of(List.of("a", "b")), model.batches());
    }

    @Test
    void afterTheDrainTimeStillQueuedItemsFail503AndNothingIsLeftPending() throws Exception {
        Recorder model = model(true);
        InferenceQueue<String, String> queue = queue(model, policy(true, 8, 0, 100, 10_000, 1));
        CompletableFuture<String> x = queue.submit("x");
        model.awaitEntered(1);
        CompletableFuture<String> y = queue.submit("y");
        CompletableFuture<String> z = queue.submit("z");
        CompletableFuture<Void> closing = queue.close(Duration.ofMillis(100));
        clock.advance(justUnder(100));
        assertFalse(y.isDone(), "abandoned before the drain time passed");
        assertEquals(2, queue.depth());
        clock.advance(Duration.ofNanos(1));

        assertInstanceOf(ModelNotReadyException.class, failure(y));
        assertInstanceOf(ModelNotReadyException.class, failure(z));
        assertEquals(2, observer.count(QueueObserver.Rejection.UNAVAILABLE, 2));
        assertEquals(0, queue.depth());
        assertFalse(x.isDone());
        assertFalse(closing.isDone(), "closed while a batch still runs");

        model.release.countDown();
        assertEquals("X", now(x));
        closing.get(WAIT, TimeUnit.SECONDS);
        assertEquals(List.of(List.of("x")), model.batches());
    }

    @Test
    void concurrentCallersEachGetExactlyTheirOwnAnswer() throws Exception {
        Recorder model = model(false, s -> s + "!");
        int threads = 8;
        int perThread = 500;
        int maxBatch = 16;
        InferenceQueue<String, String> queue = queue(model, policy(true, maxBatch, 0, 10_000, 10_000, 2));
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<List<CompletableFuture<String>>>> submitted = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                submitted.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        assertTrue(go.await(WAIT, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    List<CompletableFuture<String>> mine = new ArrayList<>(perThread);
                    for (int i = 0; i < perThread; i++) {
                        mine.add(queue.submit(thread + "-" + i));
                    }
                    return mine;
                }, callers));
            }
            go.countDown();
            for (int t = 0; t < threads; t++) {
                List<CompletableFuture<String>> mine = submitted.get(t).get(WAIT, TimeUnit.SECONDS);
                for (int i = 0; i < perThread; i++) {
                    assertEquals(t + "-" + i + "!", mine.get(i).get(WAIT, TimeUnit.SECONDS));
                }
            }
        } finally {
            callers.shutdownNow();
        }
        int total = threads * perThread;
        List<Integer> sizes = observer.sizes();
        assertTrue(sizes.stream().allMatch(s -> s >= 1 && s <= maxBatch), "sizes: " + sizes);
        assertEquals(total, sizes.stream().mapToInt(Integer::intValue).sum());
        List<String> seen = model.batches().stream().flatMap(List::stream).toList();
        assertEquals(total, seen.size());
        assertEquals(total, new HashSet<>(seen).size(), "an item was computed twice");
        assertTrue(model.maxActive.get() <= 2);
        for (QueueObserver.Rejection r : QueueObserver.Rejection.values()) {
            assertEquals(0, observer.count(r), r.tag());
        }
    }
}
