package dev.zerocold.search;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Semantic-search collections ({@code /v1/collections}): where they live, their bounds and who may
 * read them. Each method documents one setting; every bound is named in the 4xx a request exceeding
 * it gets. Collections live under {@code <zerocold.models.state-dir>/collections/<name>/}.
 */
@ConfigMapping(prefix = "zerocold.search")
public interface SearchConfig {

    /** Most collections; creating one more is refused (400) until one is deleted. */
    @WithDefault("100")
    int maxCollections();

    /** Most documents in one collection; an upsert that would go beyond it is refused whole (400). */
    @WithDefault("100000")
    int maxDocumentsPerCollection();

    /** Most documents in one upsert request (413 beyond it). */
    @WithDefault("256")
    int maxDocumentsPerRequest();

    /** Longest document text, in characters (UTF-16 code units), after stripping outer whitespace (400 beyond it). */
    @WithDefault("8192")
    int maxTextLength();

    /** Longest query text, in characters (400 beyond it). */
    @WithDefault("1000")
    int maxQueryLength();

    /** Most metadata fields of one document, and most fields of one query filter (400 beyond it). */
    @WithDefault("16")
    int maxMetadataFields();

    /** Longest metadata field name, in characters (400 beyond it). */
    @WithDefault("64")
    int maxMetadataKeyLength();

    /** Longest metadata value (a string, or a number or boolean written as JSON), in characters (400 beyond it). */
    @WithDefault("256")
    int maxMetadataValueLength();

    /** Largest {@code top_k} of a query (400 beyond it). */
    @WithDefault("100")
    int maxTopK();

    /** Longest document id, in characters (400 beyond it). */
    @WithDefault("128")
    int maxIdLength();

    /** Collection names: a regular expression a name must match as a whole (400 otherwise). */
    @WithDefault("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
    String namePattern();

    /** How long a request waits for its texts to be embedded before it is answered 504 (nothing is written). */
    @WithDefault("60s")
    Duration embedTimeout();

    /**
     * Whether reading ({@code GET} a collection or document, {@code POST .../query}) needs an API key
     * of {@code zerocold.admin.api-keys} too; writes always do.
     */
    @WithDefault("false")
    boolean requireKeyForReads();
}
