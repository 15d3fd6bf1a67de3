package dev.zerocold.search.service;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A query as the client sent it, unchecked: query text or a vector, {@code top_k} (null: 10), a
 * filter object (null: none) and a mode (null: hybrid).
 */
public record QueryInput(String query, double[] vector, Integer topK, ObjectNode filter, String mode) {
}
