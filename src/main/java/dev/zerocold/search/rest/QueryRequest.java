package dev.zerocold.search.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/collections/{name}/query}: query text or (dense only) a vector, {@code top_k}
 * (default 10), an equality filter on metadata fields and the mode (default hybrid).
 */
public record QueryRequest(String query, double[] vector, Integer topK, ObjectNode filter, String mode) {
}
