package dev.zerocold.common;

/** How responses write confidences, scores and rates: to four decimals. */
public final class Scores {

    private Scores() {
    }

    public static double fourDecimals(double value) {
        return Math.round(value * 10_000.0) / 10_000.0;
    }
}
