package dev.zerocold.common;

/** The {@code latency_ms} every prediction response carries. */
public final class Latency {

    private Latency() {
    }

    /** Milliseconds since {@code startNanos} (a {@link System#nanoTime()} reading), to the microsecond. */
    public static double millisSince(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 1_000.0) / 1_000.0;
    }
}
