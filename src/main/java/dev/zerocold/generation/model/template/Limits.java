package dev.zerocold.generation.model.template;

/**
 * Bounds on one render, so that a hostile template or input fails with a {@link ChatTemplateException} instead of
 * hanging or exhausting memory: the longest output (and longest string built on the way), the most loop iterations
 * and sequence items, and a budget of characters built by string operations (a loop that keeps doubling or
 * re-copying a long string runs out of it). The configured instance is immutable; each render takes a
 * {@link #fresh()} copy that counts.
 */
final class Limits {

    static final Limits DEFAULT = new Limits(1_000_000, 100_000);
    private static final long WORK_FACTOR = 100;

    private final int maxOutputChars;
    private final int maxIterations;
    private final boolean counting;
    private long work;

    Limits(int maxOutputChars, int maxIterations) {
        this(maxOutputChars, maxIterations, false);
    }

    private Limits(int maxOutputChars, int maxIterations, boolean counting) {
        if (maxOutputChars <= 0 || maxIterations <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxOutputChars = maxOutputChars;
        this.maxIterations = maxIterations;
        this.counting = counting;
    }

    /** A copy for one render, which counts the characters built. */
    Limits fresh() {
        return new Limits(maxOutputChars, maxIterations, true);
    }

    int maxOutputChars() {
        return maxOutputChars;
    }

    int maxIterations() {
        return maxIterations;
    }

    /** A string of this length is about to be built or written. */
    void checkLength(long chars) {
        if (chars > maxOutputChars) {
            throw new ChatTemplateException("template output exceeds " + maxOutputChars + " characters");
        }
    }

    /** A string of this length is being built: checks its length and counts it against the work budget. */
    void built(long chars) {
        checkLength(chars);
        if (counting) {
            work += chars;
            if (work > WORK_FACTOR * maxOutputChars) {
                throw new ChatTemplateException("template builds more than " + WORK_FACTOR * maxOutputChars
                        + " characters of strings");
            }
        }
    }

    String checkString(String s) {
        built(s.length());
        return s;
    }

    void checkItems(long items) {
        if (items > maxIterations) {
            throw new ChatTemplateException("template builds a sequence longer than " + maxIterations + " items");
        }
    }
}
