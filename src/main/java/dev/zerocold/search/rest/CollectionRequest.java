package dev.zerocold.search.rest;

/** {@code PUT /v1/collections/{name}}: the embedding model and, optionally, its version (absent: pinned to the model's current one). */
public record CollectionRequest(String model, String version) {
}
