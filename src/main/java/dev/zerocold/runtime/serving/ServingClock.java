package dev.zerocold.runtime.serving;

import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The time an {@link InferenceQueue} measures queue delays and deadlines by, and the timer that
 * fires them: {@link #system} reads {@link System#nanoTime()} and schedules on a
 * {@link ScheduledExecutorService}; a test substitutes a clock it advances itself. Implementations
 * are thread-safe.
 */
public interface ServingClock {

    /** Now, in nanoseconds; only differences between two readings of the same clock mean anything. */
    long nanoTime();

    /**
     * Runs {@code task} once {@code delayNanos} have passed on this clock.
     *
     * @return cancels the task if it has not run yet ({@link Future#cancel}) and tells whether it is done
     * @throws RejectedExecutionException if the timer is shutting down
     */
    Future<?> schedule(Runnable task, long delayNanos);

    /** The JVM's monotonic time, with {@code timer} firing the tasks. */
    static ServingClock system(ScheduledExecutorService timer) {
        return new ServingClock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public Future<?> schedule(Runnable task, long delayNanos) {
                return timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
            }
        };
    }
}
