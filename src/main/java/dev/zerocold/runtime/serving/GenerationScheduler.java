package dev.zerocold.runtime.serving;

import dev.zerocold.common.CapacityExceededException;
import dev.zerocold.common.ClientClosedException;
import dev.zerocold.common.InferenceTimeoutException;
import dev.zerocold.common.InvalidInputException;
import dev.zerocold.common.ModelNotReadyException;
import dev.zerocold.runtime.ModelKey;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Continuous batching (iteration-level scheduling, as in Orca, vLLM and TGI) of one generative model
 * version. One thread loops: waiting sequences join the running batch between decode steps (their
 * prompts prefilled one at a time, at most {@code maxPrefillTokens} of prompt per iteration, so that
 * new prompts never stall the running streams for long), every running sequence advances one token
 * per step, and finished, cancelled or expired ones leave at the next step.
 *
 * <p>Admission is bounded twice: at most {@code maxNumSeqs} sequences run, and the tokens they may
 * reach (prompt + max new tokens, reserved when a sequence joins) stay within {@code kvCacheTokens};
 * the first waiting sequence that does not fit waits (first come, first served). At most
 * {@code maxWaiting} wait; past that {@link #submit} refuses with a 503 and Retry-After. With
 * {@code continuous} off, a batch runs to its end before any waiting sequence joins (the baseline
 * the benchmarks compare against).
 *
 * <p>Thread-safe: {@link #submit} from any thread; everything else happens on the loop thread.
 */
public final class GenerationScheduler implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GenerationScheduler.class);

    /**
     * The bounds of one version's scheduler.
     *
     * @param continuous false: new sequences join only once the running batch has finished
     */
    public record Limits(int maxNumSeqs, long kvCacheTokens, int maxWaiting, int maxPrefillTokens, boolean continuous,
                         int retryAfterSeconds) {
    }

    /**
     * One request's side of a sequence: its prompt, its sampling and text, where its tokens go.
     * Called on the scheduler thread only, except {@link #cancelled()}.
     */
    public interface Sequence {

        long[] prompt();

        /** Most tokens to generate; prompt + this must fit the model's context. */
        int maxNewTokens();

        /** The time ({@link System#nanoTime}) past which the sequence fails with a timeout. */
        long deadlineNanos();

        /** Picks the next token from the logits at {@code logits[offset .. offset + vocabulary)}. */
        int sample(float[] logits, int offset, int vocabulary);

        /** Takes the token picked; true when the sequence has finished (end of text, a stop string, its length). */
        boolean accept(int token);

        /** True once the client has gone: the sequence leaves at the next step. */
        boolean cancelled();

        /** The sequence ends with this error (timeout, shutdown, model failure); nothing follows. */
        void fail(RuntimeException error);
    }

    private final ModelKey key;
    private final BatchDecoder decoder;
    private final Limits limits;
    private final GenerationMetrics metrics;
    private final LongSupplier clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final ArrayDeque<Entry> waiting = new ArrayDeque<>();
    private final List<Entry> running = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final Thread thread;
    private volatile boolean accepting = true;
    private volatile boolean stopping;
    private volatile long reservedTokens;

    public GenerationScheduler(ModelKey key, BatchDecoder decoder, Limits limits, GenerationMetrics metrics,
                               LongSupplier clock) {
        this.key = key;
        this.decoder = decoder;
        this.limits = limits;
        this.metrics = metrics;
        this.clock = clock;
        metrics.watch(this);
        this.thread = new Thread(this::loop, "zerocold-generate-" + key.name() + "-" + key.version());
        thread.setDaemon(true);
        thread.start();
    }

    public Limits limits() {
        return limits;
    }

    public int runningCount() {
        return running.size();
    }

    public int waitingCount() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /** Tokens reserved by the running sequences (prompt + max new tokens each). */
    public long reservedTokens() {
        return reservedTokens;
    }

    /**
     * Queues a sequence.
     *
     * @throws InvalidInputException     it can never fit the context or the cache budget
     * @throws CapacityExceededException {@code maxWaiting} sequences already wait (503, Retry-After)
     * @throws ModelNotReadyException    the version is shutting down
     */
    public void submit(Sequence sequence) {
        long reserve = (long) sequence.prompt().length + sequence.maxNewTokens();
        if (sequence.prompt().length == 0 || reserve > decoder.context()) {
            throw new InvalidInputException("the prompt (" + sequence.prompt().length + " tokens) and max_tokens ("
                    + sequence.maxNewTokens() + ") exceed the model's context of " + decoder.context() + " tokens",
                    key.name(), key.version());
        }
        if (reserve > limits.kvCacheTokens()) {
            throw new InvalidInputException("the prompt and max_tokens (" + reserve + " tokens) exceed the server's "
                    + "key/value cache of " + limits.kvCacheTokens() + " tokens (zerocold.generation.kv-cache-tokens)",
                    key.name(), key.version());
        }
        lock.lock();
        try {
            if (!accepting) {
                throw new ModelNotReadyException("model " + key + " is shutting down", key.name(), key.version(),
                        limits.retryAfterSeconds());
            }
            if (waiting.size() >= limits.maxWaiting()) {
                metrics.rejected();
                throw new CapacityExceededException(limits.maxWaiting() + " sequences already wait for model " + key
                        + " (zerocold.generation.max-waiting); retry later", key.name(), key.version(),
                        limits.retryAfterSeconds());
            }
            waiting.add(new Entry(ids.incrementAndGet(), sequence, reserve, clock.getAsLong()));
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (true) {
            if (stopping) {
                failAll(new ModelNotReadyException("model " + key + " was unloaded", key.name(), key.version(),
                        limits.retryAfterSeconds()));
                return;
            }
            List<Entry> joining = List.of();
            try {
                joining = admit();
                regroup(joining);
                joining = List.of();
                if (!running.isEmpty()) {
                    step();
                } else if (!awaitWork()) {
                    return;
                }
            } catch (RuntimeException | Error e) {
                LOG.errorf(e, "generation loop of %s failed; failing its sequences", key);
                RuntimeException failure = new IllegalStateException("the model failed: " + e.getMessage(), e);
                for (Entry entry : joining) {  // prefilled, not yet in the batch
                    decoder.forget(entry.id);
                    fail(entry, failure);
                }
                failAll(failure);
            }
        }
    }

    /** Waits for a sequence or the stop; false when stopped with nothing left. */
    private boolean awaitWork() {
        lock.lock();
        try {
            while (waiting.isEmpty()) {
                if (stopping || !accepting) {
                    return false;
                }
                work.await(1, TimeUnit.SECONDS);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Prefills the waiting sequences that fit now; returns those that join the batch. */
    private List<Entry> admit() {
        List<Entry> joining = new ArrayList<>();
        if (!limits.continuous() && !running.isEmpty()) {
            return joining;
        }
        int prefilled = 0;
        while (running.size() + joining.size() < limits.maxNumSeqs()) {
            Entry next;
            lock.lock();
            try {
                dropExpiredWaiting();
                next = waiting.peek();
                if (next == null || reservedTokens + next.reserve > limits.kvCacheTokens()
                        || (prefilled > 0 && prefilled + next.sequence.prompt().length > limits.maxPrefillTokens())) {
                    break;
                }
                waiting.poll();
            } finally {
                lock.unlock();
            }
            prefilled += next.sequence.prompt().length;
            if (prefill(next)) {
                joining.add(next);
            }
        }
        return joining;
    }

    private void dropExpiredWaiting() {
        long now = clock.getAsLong();
        for (Iterator<Entry> it = waiting.iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            if (entry.sequence.cancelled()) {
                it.remove();
                release(entry, GenerationMetrics.Outcome.CANCELLED);
            } else if (now - entry.sequence.deadlineNanos() > 0) {
                it.remove();
                fail(entry, timeout("waited"));
            }
        }
    }

    /** Runs a sequence's prompt and takes its first token; true when it goes on to join the batch. */
    private boolean prefill(Entry entry) {
        reservedTokens += entry.reserve;
        entry.holds = true;
        long started = clock.getAsLong();
        try {
            float[] logits = decoder.prefill(entry.id, entry.sequence.prompt());
            metrics.prefill(entry.sequence.prompt().length, clock.getAsLong() - started);
            boolean finished = take(entry, logits, 0);
            metrics.firstToken(clock.getAsLong() - entry.submitted);
            if (finished || entry.sequence.cancelled()) {
                decoder.forget(entry.id);
                release(entry, finished ? GenerationMetrics.Outcome.FINISHED : GenerationMetrics.Outcome.CANCELLED);
                return false;
            }
            return true;
        } catch (RuntimeException e) {
            decoder.forget(entry.id);
            fail(entry, e);
            return false;
        }
    }

    /** Samples and hands over one token; true when the sequence has finished. */
    private boolean take(Entry entry, float[] logits, int offset) {
        int token = entry.sequence.sample(logits, offset, decoder.vocabulary());
        entry.lastToken = token;
        entry.generated++;
        long now = clock.getAsLong();
        if (entry.lastTokenAt != 0) {
            metrics.interToken(now - entry.lastTokenAt);
        }
        entry.lastTokenAt = now;
        metrics.generated();
        return entry.sequence.accept(token) || entry.generated >= entry.sequence.maxNewTokens();
    }

    /** Lets finished, cancelled and expired rows leave and the prefilled ones join. */
    private void regroup(List<Entry> joining) {
        long now = clock.getAsLong();
        List<Entry> kept = new ArrayList<>(running.size() + joining.size());
        int[] keep = new int[running.size()];
        int kept0 = 0;
        for (int r = 0; r < running.size(); r++) {
            Entry entry = running.get(r);
            if (entry.failed) {
                continue;
            } else if (entry.finished) {
                release(entry, GenerationMetrics.Outcome.FINISHED);
            } else if (entry.sequence.cancelled()) {
                release(entry, GenerationMetrics.Outcome.CANCELLED);
            } else if (now - entry.sequence.deadlineNanos() > 0) {
                fail(entry, timeout("ran"));
            } else {
                keep[kept0++] = r;
                kept.add(entry);
            }
        }
        if (kept0 == running.size() && joining.isEmpty()) {
            return;
        }
        long[] joiningIds = new long[joining.size()];
        for (int j = 0; j < joining.size(); j++) {
            joiningIds[j] = joining.get(j).id;
        }
        decoder.regroup(java.util.Arrays.copyOf(keep, kept0), joiningIds);
        kept.addAll(joining);
        running.clear();
        running.addAll(kept);
    }

    /** One decode step of every running row. */
    private void step() {
        long[] tokens = new long[running.size()];
        for (int r = 0; r < tokens.length; r++) {
            tokens[r] = running.get(r).lastToken;
        }
        long started = clock.getAsLong();
        float[] logits = decoder.decode(tokens);
        metrics.decode(tokens.length, clock.getAsLong() - started);
        int vocabulary = decoder.vocabulary();
        long sampling = clock.getAsLong();
        for (int r = 0; r < tokens.length; r++) {
            Entry entry = running.get(r);
            try {
                entry.finished = take(entry, logits, r * vocabulary);
            } catch (RuntimeException e) {
                fail(entry, e);
            }
        }
        metrics.tokens(clock.getAsLong() - sampling);
    }

    private InferenceTimeoutException timeout(String what) {
        return new InferenceTimeoutException("the generation " + what + " past its deadline", key.name(), key.version());
    }

    private void release(Entry entry, GenerationMetrics.Outcome outcome) {
        if (entry.holds) {
            reservedTokens -= entry.reserve;
            entry.holds = false;
        }
        metrics.finished(outcome);
        if (outcome == GenerationMetrics.Outcome.CANCELLED) {
            try {  // ends whatever still waits for this sequence (a whole answer whose client left)
                entry.sequence.fail(new ClientClosedException("the client went away; the generation was stopped",
                        key.name(), key.version()));
            } catch (RuntimeException e) {
                LOG.debugf(e, "a cancelled sequence of %s failed to take its end", key);
            }
        }
    }

    private void fail(Entry entry, RuntimeException error) {
        if (entry.failed) {
            return;
        }
        entry.failed = true;
        release(entry, GenerationMetrics.Outcome.FAILED);
        try {
            entry.sequence.fail(error);
        } catch (RuntimeException e) {
            LOG.debugf(e, "a sequence of %s failed to take its error", key);
        }
    }

    private void failAll(RuntimeException error) {
        for (Entry entry : running) {
            fail(entry, error);
        }
        running.clear();
        try {
            decoder.regroup(new int[0], new long[0]);
        } catch (RuntimeException e) {
            LOG.debugf(e, "could not empty the batch of %s", key);
        }
    }

    /**
     * Stops admission, lets the running and waiting sequences finish for up to {@code drain}, fails
     * what is left, then releases the model. Returns false when sequences had to be failed.
     */
    public boolean close(Duration drain) {
        lock.lock();
        try {
            accepting = false;
            work.signalAll();
        } finally {
            lock.unlock();
        }
        boolean drained = join(drain);
        if (!drained) {
            stopping = true;
            lock.lock();
            try {
                for (Entry entry : waiting) {
                    fail(entry, new ModelNotReadyException("model " + key + " was unloaded", key.name(), key.version(),
                            limits.retryAfterSeconds()));
                }
                waiting.clear();
                work.signalAll();
            } finally {
                lock.unlock();
            }
            thread.interrupt();
            join(Duration.ofSeconds(10));
        }
        metrics.remove();
        if (!thread.isAlive()) {
            decoder.close();
        }
        return drained;
    }

    @Override
    public void close() {
        close(Duration.ZERO);
    }

    private boolean join(Duration timeout) {
        try {
            thread.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    /** A queued or running sequence, as the loop tracks it. */
    private static final class Entry {
        final long id;
        final Sequence sequence;
        final long reserve;
        final long submitted;
        long lastToken;
        long lastTokenAt;
        int generated;
        boolean finished;
        boolean failed;
        /** True while its tokens count against the cache budget (from its prefill to its end). */
        boolean holds;

        Entry(long id, Sequence sequence, long reserve, long submitted) {
            this.id = id;
            this.sequence = sequence;
            this.reserve = reserve;
            this.submitted = submitted;
        }
    }
}
