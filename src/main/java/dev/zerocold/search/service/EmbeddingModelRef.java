package dev.zerocold.search.service;

/** An embedding model pinned to one version, and the length of its vectors. Immutable. */
public record EmbeddingModelRef(String model, String version, int dimensions) {
}
