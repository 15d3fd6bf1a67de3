package dev.zerocold.testing;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.zerocold.runtime.serving.ServingClock;

import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * A clock that moves only when a test {@link #advance advances} it: as a {@link ServingClock}, its
 * scheduled tasks run in time order on the advancing thread, each at its own time; as a Caffeine
 * {@link Ticker}, it ages cache entries. Thread-safe.
 */
public final class ManualClock implements ServingClock, Ticker {

    /** A scheduled task; {@code handle} is cancelled by its owner or completed once the task ran. */
    private record Task(long due, long order, Runnable action, CompletableFuture<Void> handle) {
    }

    private final PriorityQueue<Task> tasks =
            new PriorityQueue<>(Comparator.comparingLong(Task::due).thenComparingLong(Task::order));
    private long now = 1L << 40;  // not 0: nothing may rely on where a monotonic clock starts
    private long scheduled;

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public long read() {
        return nanoTime();
    }

    @Override
    public synchronized Future<?> schedule(Runnable task, long delayNanos) {
        CompletableFuture<Void> handle = new CompletableFuture<>();
        tasks.add(new Task(now + Math.max(0, delayNanos), scheduled++, task, handle));
        return handle;
    }

    /** Moves time forward by {@code step}, running every task that falls due, each at its due time. */
    public void advance(Duration step) {
        long target;
        synchronized (this) {
            target = now + step.toNanos();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due() - target > 0) {
                    now = target;
                    return;
                }
                tasks.poll();
                now = Math.max(now, next.due());
            }
            if (!next.handle().isDone()) {
                next.action().run();
                next.handle().complete(null);
            }
        }
    }
}
