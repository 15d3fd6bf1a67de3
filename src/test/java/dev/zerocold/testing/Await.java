package dev.zerocold.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for something to happen by polling a condition until it holds or a time limit passes; the
 * one way tests wait (never a fixed sleep). The limit only bounds a failing test: a passing one
 * goes on as soon as the condition holds.
 */
public final class Await {

    /** A limit for what should take milliseconds, generous enough for a busy two-core machine. */
    public static final Duration PATIENCE = Duration.ofSeconds(10);

    private static final long POLL_NANOS = 10_000_000L;

    private Await() {
    }

    /** Waits up to {@link #PATIENCE} for {@code condition}; fails naming {@code what} otherwise. */
    public static void until(String what, BooleanSupplier condition) {
        until(what, PATIENCE, condition);
    }

    /** Waits up to {@code limit} for {@code condition}; fails naming {@code what} otherwise. */
    public static void until(String what, Duration limit, BooleanSupplier condition) {
        until(what, limit, condition::getAsBoolean, Boolean::booleanValue);
    }

    /**
     * Reads {@code probe} until {@code accept} takes its value, for up to {@code limit}.
     *
     * @return the accepted value
     * @throws AssertionError naming {@code what} and the last value read, if none was accepted in time
     */
    public static <T> T until(String what, Duration limit, Supplier<T> probe, Predicate<? super T> accept) {
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            T value = probe.get();
            if (accept.test(value)) {
                return value;
            }
            if (System.nanoTime() - end >= 0) {
                throw new AssertionError("not within " + limit.toMillis() + " ms: " + what + " (last seen: " + value + ")");
            }
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + what);
            }
        }
    }
}
