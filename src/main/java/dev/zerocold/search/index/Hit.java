package dev.zerocold.search.index;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One result of a query: the document and its score in the query's mode (cosine similarity for
 * dense, BM25 for lexical, the reciprocal-rank-fusion sum for hybrid). Immutable.
 */
public record Hit(String id, double score, String text, ObjectNode metadata) {
}
