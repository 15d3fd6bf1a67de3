package dev.zerocold.runtime.serving;

import dev.zerocold.common.CapacityExceededException;
import dev.zerocold.common.InferenceTimeoutException;
import dev.zerocold.common.InvalidInputException;
import dev.zerocold.runtime.ModelKey;
import dev.zerocold.testing.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The continuous-batching loop against a scripted decoder whose steps the test releases one at a
 * time: who joins when, the bounds (sequences, cache budget, waiting room), cancellation and
 * deadlines.
 */
class GenerationSchedulerTest {

    private static final int VOCABULARY = 10;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ScriptedDecoder decoder = new ScriptedDecoder();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private GenerationScheduler scheduler;

    @AfterEach
    void stop() {
        decoder.steps.release(1_000_000);
        if (scheduler != null) {
            scheduler.close(Duration.ofSeconds(5));
        }
    }

    private GenerationScheduler scheduler(int maxNumSeqs, long kvTokens, int maxWaiting, boolean continuous) {
        scheduler = new GenerationScheduler(new ModelKey("lm", "1"), decoder,
                new GenerationScheduler.Limits(maxNumSeqs, kvTokens, maxWaiting, 512, continuous, 1),
                new GenerationMetrics(registry, new ModelKey("lm", "1")), now::get);
        return scheduler;
    }

    @Test
    void aSequenceArrivingMidGenerationJoinsTheRunningBatch() {
        scheduler(8, 10_000, 8, true);
        Script a = new Script(3, 40);
        scheduler.submit(a);
        decoder.steps.release(2);
        Await.until("a has generated 3 tokens", () -> a.tokens.size() >= 3);
        Script b = new Script(2, 5);
        scheduler.submit(b);
        decoder.steps.release(1_000);
        Await.until("both finish", () -> a.done.isDone() && b.done.isDone());
        assertEquals(2, decoder.maxRows.get(), "b decoded in the same steps as a");
        assertEquals(40, a.tokens.size());
        assertEquals(5, b.tokens.size());
        assertEquals(List.of(3, 4, 5, 6, 7), b.tokens, "each row continues its own sequence");
    }

    @Test
    void withoutContinuousBatchingANewSequenceWaitsForTheBatchToEnd() {
        scheduler(8, 10_000, 8, false);
        Script a = new Script(3, 20);
        scheduler.submit(a);
        decoder.steps.release(2);
        Await.until("a has generated 3 tokens", () -> a.tokens.size() >= 3);
        Script b = new Script(2, 5);
        scheduler.submit(b);
        decoder.steps.release(1_000);
        Await.until("both finish", () -> a.done.isDone() && b.done.isDone());
        assertEquals(1, decoder.maxRows.get());
    }

    @Test
    void atMostMaxNumSeqsRunAndTheRestWait() {
        scheduler(2, 10_000, 8, true);
        List<Script> all = List.of(new Script(1, 6), new Script(2, 6), new Script(3, 6));
        all.forEach(scheduler::submit);
        decoder.steps.release(1_000);
        Await.until("all finish", () -> all.stream().allMatch(s -> s.done.isDone()));
        assertEquals(2, decoder.maxRows.get());
    }

    @Test
    void theCacheBudgetKeepsSequencesThatDoNotFitWaiting() {
        scheduler(8, 100, 8, true);
        List<Script> all = List.of(new Script(1, 50), new Script(2, 50));  // 51 tokens reserved each
        all.forEach(scheduler::submit);
        decoder.steps.release(1_000);
        Await.until("both finish", () -> all.stream().allMatch(s -> s.done.isDone()));
        assertEquals(1, decoder.maxRows.get());
        assertEquals(0, scheduler.reservedTokens());
    }

    @Test
    void aFullWaitingRoomRefusesWithRetryAfter() {
        scheduler(1, 10_000, 1, true);
        Script running = new Script(1, 100);
        scheduler.submit(running);
        Await.until("the first runs", () -> scheduler.runningCount() == 1);
        scheduler.submit(new Script(2, 5));
        CapacityExceededException full = assertThrows(CapacityExceededException.class,
                () -> scheduler.submit(new Script(3, 5)));
        assertEquals(1, full.retryAfterSeconds().orElseThrow());
    }

    @Test
    void sequencesThatCanNeverFitAreRefusedAtOnce() {
        scheduler(8, 40, 8, true);
        assertThrows(InvalidInputException.class, () -> scheduler.submit(new Script(1, decoder.context())));
        assertThrows(InvalidInputException.class, () -> scheduler.submit(new Script(1, 45)));
    }

    @Test
    void aCancelledSequenceLeavesAtTheNextStepAndFreesItsPlace() {
        scheduler(8, 10_000, 8, true);
        Script a = new Script(1, 1_000 - 2);
        scheduler.submit(a);
        decoder.steps.release(3);
        Await.until("a runs", () -> a.tokens.size() >= 3);
        a.cancelled = true;
        decoder.steps.release(2);
        Await.until("a has left", () -> scheduler.runningCount() == 0 && decoder.rows() == 0);
        assertEquals(0, scheduler.reservedTokens());
        assertEquals(1.0, registry.get("zerocold.generation.sequences.ended").tag("outcome", "cancelled").counter().count());
    }

    @Test
    void aSequencePastItsDeadlineFailsWithATimeout() {
        scheduler(8, 10_000, 8, true);
        Script a = new Script(1, 500);
        scheduler.submit(a);
        decoder.steps.release(2);
        Await.until("a runs", () -> a.tokens.size() >= 2);
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        decoder.steps.release(2);
        Await.until("a failed", () -> a.done.isDone());
        assertInstanceOf(InferenceTimeoutException.class, a.done.handle((v, e) -> e).join());
        Await.until("a has left", () -> decoder.rows() == 0);
    }

    @Test
    void aFailingModelFailsItsSequencesAndTheLoopGoesOn() {
        scheduler(8, 10_000, 8, true);
        decoder.failNextRegroup = true;
        Script joining = new Script(1, 5);
        scheduler.submit(joining);
        Await.until("the sequence prefilled when the model failed ends with the failure", () -> joining.done.isDone());
        assertInstanceOf(IllegalStateException.class, joining.done.handle((v, e) -> e).join());
        Script next = new Script(2, 5);
        scheduler.submit(next);
        decoder.steps.release(100);
        Await.until("the next sequence runs", () -> next.done.isDone());
        assertEquals(List.of(3, 4, 5, 6, 7), next.tokens);
        assertEquals(0, scheduler.reservedTokens());
    }

    /** Logits whose argmax is the row's last token + 1 (mod 10); each decode waits for a permit. */
    private static final class ScriptedDecoder implements BatchDecoder {
        final Semaphore steps = new Semaphore(0);
        final AtomicInteger maxRows = new AtomicInteger();
        final List<Long> rowIds = Collections.synchronizedList(new ArrayList<>());
        final List<Long> pending = new ArrayList<>();

        @Override
        public int vocabulary() {
            return VOCABULARY;
        }

        @Override
        public int context() {
            return 1_000;
        }

        @Override
        public long kvBytesPerToken() {
            return 8;
        }

        @Override
        public int rows() {
            return rowIds.size();
        }

        @Override
        public float[] prefill(long sequence, long[] prompt) {
            pending.add(sequence);
            return logits(new long[] {prompt[prompt.length - 1]});
        }

        @Override
        public float[] decode(long[] tokens) {
            steps.acquireUninterruptibly();
            maxRows.accumulateAndGet(tokens.length, Math::max);
            return logits(tokens);
        }

        private static float[] logits(long[] last) {
            float[] out = new float[last.length * VOCABULARY];
            for (int r = 0; r < last.length; r++) {
                out[r * VOCABULARY + (int) ((last[r] + 1) % VOCABULARY)] = 1f;
            }
            return out;
        }

        volatile boolean failNextRegroup;

        @Override
        public void regroup(int[] keep, long[] joining) {
            if (failNextRegroup && joining.length > 0) {
                failNextRegroup = false;
                throw new IllegalStateException("scripted failure");
            }
            List<Long> next = new ArrayList<>();
            for (int r : keep) {
                next.add(rowIds.get(r));
            }
            for (long id : joining) {
                assertTrue(pending.remove(id), "joins after its prefill");
                next.add(id);
            }
            rowIds.clear();
            rowIds.addAll(next);
        }

        @Override
        public void forget(long sequence) {
            pending.remove(sequence);
        }

        @Override
        public void close() {
        }
    }

    /** A greedy sequence that records its tokens and ends after {@code max}. */
    private final class Script implements GenerationScheduler.Sequence {
        final long[] prompt;
        final int max;
        final long deadline = now.get() + Duration.ofSeconds(60).toNanos();
        final List<Integer> tokens = Collections.synchronizedList(new ArrayList<>());
        final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile boolean cancelled;

        Script(int start, int max) {
            this.prompt = new long[] {start};
            this.max = max;
        }

        @Override
        public long[] prompt() {
            return prompt;
        }

        @Override
        public int maxNewTokens() {
            return max;
        }

        @Override
        public long deadlineNanos() {
            return deadline;
        }

        @Override
        public int sample(float[] logits, int offset, int vocabulary) {
            for (int i = 0; i < vocabulary; i++) {
                if (logits[offset + i] > 0) {
                    return i;
                }
            }
            throw new AssertionError("no token");
        }

        @Override
        public boolean accept(int token) {
            tokens.add(token);
            if (tokens.size() >= max) {
                done.complete(null);
                return true;
            }
            return false;
        }

        @Override
        public boolean cancelled() {
            return cancelled;
        }

        @Override
        public void fail(RuntimeException error) {
            done.completeExceptionally(error);
        }
    }
}
