package dev.zerocold.embedding.model;

import java.util.Objects;

/**
 * One text to embed, given as text or as the model's token ids (special tokens included, used as
 * given), and what to do when it is longer than the model takes: cut it ({@code truncate}) or
 * fail that item. Immutable: the ids array is not copied and must not be changed.
 */
public record EmbeddingInput(String text, long[] ids, boolean truncate) {

    public EmbeddingInput {
        if ((text == null) == (ids == null)) {
            throw new IllegalArgumentException("exactly one of text and ids");
        }
    }

    public static EmbeddingInput text(String text, boolean truncate) {
        return new EmbeddingInput(Objects.requireNonNull(text, "text"), null, truncate);
    }

    public static EmbeddingInput ids(long[] ids, boolean truncate) {
        return new EmbeddingInput(null, Objects.requireNonNull(ids, "ids"), truncate);
    }
}
