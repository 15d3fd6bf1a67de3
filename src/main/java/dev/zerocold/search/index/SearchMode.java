package dev.zerocold.search.index;

import java.util.Locale;
import java.util.Optional;

/** How a query ranks: nearest vectors, BM25 over the text, or both fused by reciprocal rank. */
public enum SearchMode {
    HYBRID, DENSE, LEXICAL;

    /** The wire name ({@code hybrid}, {@code dense}, {@code lexical}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode of a wire name, exactly as written; empty for anything else. */
    public static Optional<SearchMode> of(String wire) {
        for (SearchMode mode : values()) {
            if (mode.wireName().equals(wire)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
