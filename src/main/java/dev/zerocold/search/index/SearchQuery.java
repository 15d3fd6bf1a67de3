package dev.zerocold.search.index;

import java.util.Map;

/**
 * A validated query against one collection: the mode, the query text (for lexical and hybrid) and/or
 * the query vector (for dense and hybrid; L2-normalised, of the collection's dimensions), how many
 * results, and a metadata filter (field name to canonical term, see {@link MetadataTerms}; every
 * field must match). Immutable by convention.
 */
public record SearchQuery(SearchMode mode, String text, float[] vector, int topK, Map<String, String> filter) {
}
