package dev.zerocold.search.service;

import dev.zerocold.search.SearchConfig;

import java.time.Duration;
import java.util.regex.Pattern;

/** The bounds of {@link SearchConfig}, as values (tests build them directly). Immutable. */
public record SearchLimits(int maxCollections, int maxDocumentsPerCollection, int maxDocumentsPerRequest,
                           int maxTextLength, int maxQueryLength, int maxMetadataFields, int maxMetadataKeyLength,
                           int maxMetadataValueLength, int maxTopK, int maxIdLength, Pattern namePattern,
                           Duration embedTimeout) {

    public static SearchLimits of(SearchConfig config) {
        return new SearchLimits(config.maxCollections(), config.maxDocumentsPerCollection(),
                config.maxDocumentsPerRequest(), config.maxTextLength(), config.maxQueryLength(),
                config.maxMetadataFields(), config.maxMetadataKeyLength(), config.maxMetadataValueLength(),
                config.maxTopK(), config.maxIdLength(), Pattern.compile(config.namePattern()), config.embedTimeout());
    }

    /** The defaults of {@link SearchConfig}. */
    public static SearchLimits defaults() {
        return new SearchLimits(100, 100_000, 256, 8192, 1000, 16, 64, 256, 100, 128,
                Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}"), Duration.ofSeconds(60));
    }
}
