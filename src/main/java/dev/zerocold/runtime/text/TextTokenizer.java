package dev.zerocold.runtime.text;

import java.util.List;

/**
 * A tokenizer for an encoder model: text to the model's token ids, special tokens included, and
 * rows of ids to a padded batch. {@link WordPieceTokenizer} (pure Java) covers BERT-family
 * {@code tokenizer.json}; {@link HuggingFaceTokenizers} wraps the Hugging Face library for BPE and
 * Unigram ones. Implementations are thread-safe.
 */
public interface TextTokenizer extends AutoCloseable {

    /**
     * The ids of {@code text} with the model's special tokens, cut to at most {@code maxLength}
     * ids (the special tokens kept), and whether it was cut.
     */
    Encoding encoding(String text, int maxLength);

    /** Rows of ids padded to the longest of them, with their attention mask. */
    TokenBatch pad(List<long[]> rows);

    /** One past the largest token id: ids from 0 below this are the model's vocabulary. */
    int idLimit();

    /** Releases native resources, if any. */
    @Override
    default void close() {
    }

    /** The ids of one text and whether they were cut to the maximum length. */
    record Encoding(long[] ids, boolean truncated) {
    }

    /** Rows padded with {@code padId} to the longest row: ids, mask, zero token types. */
    static TokenBatch pad(List<long[]> rows, long padId) {
        int length = 0;
        for (long[] row : rows) {
            length = Math.max(length, row.length);
        }
        long[] ids = new long[rows.size() * length];
        long[] mask = new long[ids.length];
        for (int r = 0, offset = 0; r < rows.size(); r++, offset += length) {
            long[] row = rows.get(r);
            System.arraycopy(row, 0, ids, offset, row.length);
            java.util.Arrays.fill(ids, offset + row.length, offset + length, padId);
            java.util.Arrays.fill(mask, offset, offset + row.length, 1L);
        }
        return new TokenBatch(rows.size(), length, ids, mask, new long[ids.length]);
    }
}
