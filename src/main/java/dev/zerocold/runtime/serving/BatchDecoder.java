package dev.zerocold.runtime.serving;

/**
 * What {@link GenerationScheduler} needs of a decoder-only language model: run a new sequence's
 * prompt alone (prefill), then advance every running row by one token at a time (decode), the rows
 * changing only when the scheduler regroups them. The backend keeps each row's key/value cache.
 * Driven by one thread; implementations need not be thread-safe.
 */
public interface BatchDecoder extends AutoCloseable {

    /** Tokens in the vocabulary: the width of each row of logits. */
    int vocabulary();

    /** The longest sequence (prompt and generated tokens) the model takes. */
    int context();

    /** Bytes of key/value cache one token of one sequence holds. */
    long kvBytesPerToken();

    /** Rows in the running batch. */
    int rows();

    /**
     * Runs the prompt of a new sequence, which then waits to join the batch at the next
     * {@link #regroup}; returns the logits for its first generated token.
     */
    float[] prefill(long sequence, long[] prompt);

    /**
     * One step of every running row: {@code tokens[r]} is row r's newest token. Returns the logits of
     * each row's next token, row after row ({@code rows × vocabulary}).
     */
    float[] decode(long[] tokens);

    /**
     * The new running batch: the current rows at the indices in {@code keep} (in that order), then the
     * prefilled sequences {@code joining}; the other rows' caches are released.
     */
    void regroup(int[] keep, long[] joining);

    /** Drops a prefilled sequence that will not join (finished or cancelled at its first token). */
    void forget(long sequence);

    @Override
    void close();
}
