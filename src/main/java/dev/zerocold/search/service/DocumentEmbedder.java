package dev.zerocold.search.service;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The search feature's port to an embedding model ({@link ServedEmbedder} serves it from the
 * embedding feature; tests use a fake). Implementations are thread-safe.
 */
public interface DocumentEmbedder {

    /**
     * Resolves model+version (null = the model's default now) to a READY embedding model. Fails
     * (through the future) with ModelNotFoundException (404) or InvalidInputException (400, not an
     * embedding model).
     */
    CompletableFuture<EmbeddingModelRef> bind(String model, String version);

    /** One L2-normalised vector per text, in order; an item that fails names itself as field[i]. */
    CompletableFuture<List<float[]>> embed(EmbeddingModelRef model, List<String> texts, String field);
}
