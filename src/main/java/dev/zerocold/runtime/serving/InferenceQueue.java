package dev.zerocold.runtime.serving;

import dev.zerocold.common.CapacityExceededException;
import dev.zerocold.common.InferenceTimeoutException;
import dev.zerocold.common.InvalidInputException;
import dev.zerocold.common.ModelNotReadyException;
import dev.zerocold.runtime.ItemResult;
import dev.zerocold.runtime.Model;
import dev.zerocold.runtime.ModelKey;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The dynamic batcher of one model version (Triton's semantics, see {@link BatchingPolicy}). Callers
 * {@link #submitAll submit} items and get one future per item; nobody blocks waiting for a batch.
 * Items keep arrival order, a batch is at most {@code max_batch_size} items, and each result goes
 * back to its own caller: a model that fails one item fails only that caller, and a model call that
 * throws as a whole is retried item by item so that only the item that causes it fails.
 *
 * <p>Admission is immediate: a full queue answers {@link CapacityExceededException} (503 +
 * Retry-After) at once. An item whose deadline passes while it waits is answered
 * {@link InferenceTimeoutException} (504) at that moment, leaves the queue and is never computed; one
 * whose deadline passes while its batch runs is answered 504 too (its result is dropped), so no
 * caller waits past its deadline. {@link #close} stops
 * admission, lets queued items finish within the drain time and fails the rest with 503: nothing hangs.
 *
 * <p>Batches run on the shared {@code executor} (bounded, sized for the cores; never an HTTP event
 * loop); at most {@code instances} of this version's batches run at once. Delays and deadlines are
 * measured and fired by the queue's {@link ServingClock}. Thread-safe: the queue is guarded by one
 * lock, held only to add or take items, never while a model runs or a future completes.
 *
 * <p>About 400 lines on purpose: admission, batch formation, deadlines, retry of a failing batch item
 * by item, and draining all read and write the same queue under the same lock; split apart, that
 * locking protocol would be spread over several classes.
 */
public final class InferenceQueue<I, O> {

    private final ModelKey key;
    private final Model<I, O> model;
    private final BatchingPolicy policy;
    private final Executor executor;
    private final ServingClock clock;
    private final QueueObserver observer;
    private final int retryAfterSeconds;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Item<I, O>> queue = new ArrayDeque<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile int depth;
    private int running;
    private boolean closed;
    private Future<?> flush;

    /**
     * A queue on the system clock ({@link System#nanoTime()}).
     *
     * @param executor runs batches; its work is bounded by the sum of the queues' {@code instances}
     * @param timer    fires queue-delay flushes, deadlines and the drain limit
     */
    public InferenceQueue(ModelKey key, Model<I, O> model, BatchingPolicy policy, Executor executor,
                          ScheduledExecutorService timer, QueueObserver observer, int retryAfterSeconds) {
        this(key, model, policy, executor, ServingClock.system(timer), observer, retryAfterSeconds);
    }

    /**
     * @param executor runs batches; its work is bounded by the sum of the queues' {@code instances}
     * @param clock    measures waits and fires queue-delay flushes, deadlines and the drain limit
     */
    public InferenceQueue(ModelKey key, Model<I, O> model, BatchingPolicy policy, Executor executor,
                          ServingClock clock, QueueObserver observer, int retryAfterSeconds) {
        this.key = key;
        this.model = model;
        this.policy = policy;
        this.executor = executor;
        this.clock = clock;
        this.observer = observer;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public BatchingPolicy policy() {
        return policy;
    }

    /** Items waiting now (not counting running batches). */
    public int depth() {
        return depth;
    }

    /** Submits one item with the policy's timeout as its deadline. */
    public CompletableFuture<O> submit(I input) {
        return submitAll(List.of(input), Long.MAX_VALUE).get(0);
    }

    /**
     * Submits items together: all are admitted (contiguously, so they batch together) or none is.
     *
     * @param deadlineNanos a time on the queue's clock ({@link System#nanoTime()} unless another
     *                      clock was given) by which each item must be answered, or
     *                      {@link Long#MAX_VALUE} for none; the policy's timeout caps it
     * @return one future per input, in order; refused items' futures are already failed
     */
    public List<CompletableFuture<O>> submitAll(List<I> inputs, long deadlineNanos) {
        long now = clock.nanoTime();
        long capped = now + policy.timeout().toNanos();
        long deadline = deadlineNanos != Long.MAX_VALUE && deadlineNanos - capped < 0 ? deadlineNanos : capped;
        List<Item<I, O>> items = new ArrayList<>(inputs.size());
        List<CompletableFuture<O>> futures = new ArrayList<>(inputs.size());
        for (I input : inputs) {
            Item<I, O> item = new Item<>(input, now, deadline);
            items.add(item);
            futures.add(item.future);
        }
        RuntimeException refused = null;
        QueueObserver.Rejection reason = null;
        lock.lock();
        try {
            if (closed) {
                refused = unavailable();
                reason = QueueObserver.Rejection.UNAVAILABLE;
            } else if (queue.size() + items.size() > policy.maxQueueSize()) {
                refused = new CapacityExceededException("model " + key + " has " + queue.size() + " of "
                        + policy.maxQueueSize() + " queued items; retry later", key.name(), key.version(),
                        retryAfterSeconds);
                reason = QueueObserver.Rejection.QUEUE_FULL;
            } else {
                queue.addAll(items);
                depth = queue.size();
                dispatchLocked(now);
            }
        } finally {
            lock.unlock();
        }
        if (refused != null) {
            for (Item<I, O> item : items) {
                item.future.completeExceptionally(refused);
                observer.rejected(reason);
            }
        } else {
            for (Item<I, O> item : items) {
                armDeadline(item, deadline - now);
            }
        }
        return futures;
    }

    /**
     * Stops admission; queued items still run (without waiting for {@code max_queue_delay}) until
     * {@code drain} has passed, after which those still queued fail with 503.
     *
     * @return completes when no item is queued and no batch runs
     */
    public CompletableFuture<Void> close(Duration drain) {
        boolean done;
        lock.lock();
        try {
            closed = true;
            if (flush != null) {
                flush.cancel(false);
            }
            dispatchLocked(clock.nanoTime());
            done = queue.isEmpty() && running == 0;
        } finally {
            lock.unlock();
        }
        if (done) {
            drained.complete(null);
        } else {
            try {
                clock.schedule(this::abandonQueued, drain.toNanos());
            } catch (RejectedExecutionException e) {
                abandonQueued();
            }
        }
        return drained;
    }

    /** Starts as many batches as the policy allows now, or arms the delay timer. Caller holds the lock. */
    private void dispatchLocked(long now) {
        int limit = policy.batchLimit();
        long delay = policy.maxQueueDelay().toNanos();
        while (running < policy.instances() && !queue.isEmpty()) {
            if (!closed && delay > 0 && queue.size() < limit) {
                long waited = now - queue.peekFirst().enqueued;
                if (waited < delay) {
                    armFlushLocked(delay - waited);
                    return;
                }
            }
            List<Item<I, O>> batch = new ArrayList<>(Math.min(limit, queue.size()));
            while (batch.size() < limit && !queue.isEmpty()) {
                Item<I, O> item = queue.pollFirst();
                if (!item.future.isDone()) {  // done: its deadline passed while it waited
                    batch.add(item);
                }
            }
            depth = queue.size();
            if (batch.isEmpty()) {
                continue;
            }
            running++;
            try {
                executor.execute(() -> run(batch));
            } catch (RejectedExecutionException e) {
                running--;
                RuntimeException error = unavailable();
                batch.forEach(item -> fail(item, error, QueueObserver.Rejection.UNAVAILABLE));
            }
        }
    }

    private void armFlushLocked(long nanos) {
        if (flush == null || flush.isDone()) {
            try {
                flush = clock.schedule(this::onFlush, nanos);
            } catch (RejectedExecutionException e) {
                flush = null;  // the timer is shutting down: the next submit or finished batch dispatches
            }
        }
    }

    private void onFlush() {
        lock.lock();
        try {
            flush = null;
            dispatchLocked(clock.nanoTime());
        } finally {
            lock.unlock();
        }
    }

    private void run(List<Item<I, O>> batch) {
        try {
            long start = clock.nanoTime();
            List<Item<I, O>> live = new ArrayList<>(batch.size());
            for (Item<I, O> item : batch) {
                if (item.future.isDone()) {
                    continue;
                }
                if (start - item.deadline >= 0) {
                    expire(item);
                    continue;
                }
                observer.queued(start - item.enqueued);
                live.add(item);
            }
            if (!live.isEmpty()) {
                execute(live);
            }
        } catch (RuntimeException | Error e) {
            RuntimeException error = e instanceof RuntimeException r ? r : new IllegalStateException(e);
            batch.forEach(item -> fail(item, error, null));
        } finally {
            boolean done;
            lock.lock();
            try {
                running--;
                dispatchLocked(clock.nanoTime());
                done = closed && queue.isEmpty() && running == 0;
            } finally {
                lock.unlock();
            }
            if (done) {
                drained.complete(null);
            }
        }
    }

    private void execute(List<Item<I, O>> items) {
        List<I> inputs = new ArrayList<>(items.size());
        for (Item<I, O> item : items) {
            inputs.add(item.input);
        }
        long start = clock.nanoTime();
        List<ItemResult<O>> results;
        try {
            results = model.predict(inputs);
            if (results.size() != inputs.size()) {
                throw new IllegalStateException("model " + key + " returned " + results.size() + " results for "
                        + inputs.size() + " inputs");
            }
        } catch (RuntimeException e) {
            observer.batch(items.size(), clock.nanoTime() - start, false);
            if (items.size() == 1) {
                complete(items.get(0), ItemResult.failed(e));
            } else {
                for (Item<I, O> item : items) {  // find the item(s) that make the call throw
                    execute(List.of(item));
                }
            }
            return;
        }
        observer.batch(items.size(), clock.nanoTime() - start, true);
        for (int i = 0; i < items.size(); i++) {
            complete(items.get(i), results.get(i));
        }
    }

    private void complete(Item<I, O> item, ItemResult<O> result) {
        if (result.succeeded()) {
            item.future.complete(result.value());
            item.cancelDeadline();
        } else if (result.error() instanceof InvalidInputException invalid) {
            // A model's item error names this version, so the client and the metrics see which one refused it.
            fail(item, invalid.model() != null ? invalid
                    : new InvalidInputException(invalid.getMessage(), key.name(), key.version()),
                    QueueObserver.Rejection.INVALID);
        } else {
            fail(item, result.error(), null);
        }
    }

    private void fail(Item<I, O> item, RuntimeException error, QueueObserver.Rejection reason) {
        if (item.future.completeExceptionally(error) && reason != null) {
            observer.rejected(reason);
        }
        item.cancelDeadline();
    }

    /** Answers 504; an item still queued leaves the queue at once, so that it holds no place there. */
    private void expire(Item<I, O> item) {
        if (item.future.isDone()) {
            return;
        }
        lock.lock();
        try {
            if (queue.remove(item)) {  // first, so that its place is free when its caller hears of it
                depth = queue.size();
            }
        } finally {
            lock.unlock();
        }
        fail(item, new InferenceTimeoutException("model " + key + " did not answer within the deadline ("
                + policy.timeout().toMillis() + " ms)", key.name(), key.version()), QueueObserver.Rejection.DEADLINE);
    }

    private void armDeadline(Item<I, O> item, long nanos) {
        if (item.future.isDone()) {
            return;
        }
        try {
            item.deadlineTimer = clock.schedule(() -> expire(item), Math.max(0, nanos));
        } catch (RejectedExecutionException e) {
            return;  // shutting down: close() answers what is left
        }
        if (item.future.isDone()) {
            item.cancelDeadline();
        }
    }

    private void abandonQueued() {
        List<Item<I, O>> left;
        boolean done;
        lock.lock();
        try {
            left = new ArrayList<>(queue);
            queue.clear();
            depth = 0;
            done = running == 0;
        } finally {
            lock.unlock();
        }
        RuntimeException error = unavailable();
        left.forEach(item -> fail(item, error, QueueObserver.Rejection.UNAVAILABLE));
        if (done) {
            drained.complete(null);
        }
    }

    private ModelNotReadyException unavailable() {
        return new ModelNotReadyException("model " + key + " is unloading", key.name(), key.version(), retryAfterSeconds);
    }

    /** One submitted input and the future its caller holds. */
    private static final class Item<I, O> {
        final I input;
        final long enqueued;
        final long deadline;
        final CompletableFuture<O> future = new CompletableFuture<>();
        volatile Future<?> deadlineTimer;

        Item(I input, long enqueued, long deadline) {
            this.input = input;
            this.enqueued = enqueued;
            this.deadline = deadline;
        }

        void cancelDeadline() {
            Future<?> t = deadlineTimer;
            if (t != null) {
                t.cancel(false);
            }
        }
    }
}
