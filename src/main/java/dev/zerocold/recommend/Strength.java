package dev.zerocold.recommend;

import java.util.Locale;

/**
 * How a rating event becomes an interaction strength {@code r} (confidence {@code 1 + alpha * r}).
 * Every rated item is an observed interaction (preference 1), whatever its rating.
 */
public enum Strength {
    /** {@code r} is the star rating (0.5 to 5): higher ratings weigh more. */
    RATING,
    /** {@code r} is 1 for every rating. */
    BINARY;

    public double of(Rating rating) {
        return this == RATING ? rating.rating() : 1;
    }

    /** The lower-case name used in {@code model.yaml}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #key()}, case-insensitively. */
    public static Strength parse(String key) {
        return valueOf(key.trim().toUpperCase(Locale.ROOT));
    }
}
