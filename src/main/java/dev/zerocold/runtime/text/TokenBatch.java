package dev.zerocold.runtime.text;

import java.util.Objects;

/**
 * Row-major {@code [size x length]} int64 inputs for a BERT encoder: token ids, attention mask (1 for
 * real tokens, 0 for padding) and token type ids (all 0).
 *
 * <p>The arrays are not copied; whoever holds the batch owns them. Each array has exactly
 * {@code size * length} elements.
 *
 * @param size number of sequences (rows)
 * @param length number of tokens per row, padding included
 * @param inputIds token ids, padded with the pad token id
 * @param attentionMask 1 for real tokens, 0 for padding
 * @param tokenTypeIds segment ids, all 0 for single-sequence input
 */
public record TokenBatch(int size, int length, long[] inputIds, long[] attentionMask, long[] tokenTypeIds) {

    /** Validates that the dimensions are non-negative and every array holds {@code size * length} values. */
    public TokenBatch {
        if (size < 0 || length < 0) {
            throw new IllegalArgumentException("negative shape " + size + "x" + length);
        }
        long cells = (long) size * length;
        check("inputIds", inputIds, cells);
        check("attentionMask", attentionMask, cells);
        check("tokenTypeIds", tokenTypeIds, cells);
    }

    private static void check(String name, long[] values, long cells) {
        Objects.requireNonNull(values, name);
        if (values.length != cells) {
            throw new IllegalArgumentException(name + " has " + values.length + " values, expected " + cells);
        }
    }
}
