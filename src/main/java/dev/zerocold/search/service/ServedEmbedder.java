package dev.zerocold.search.service;

import dev.zerocold.embedding.service.EmbeddingService;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Collections' vectors from the embedding feature: a collection's model is resolved once when it is
 * created (a named version, or the one the model serves then) and every later call names that
 * version, so its vectors never mix models. Texts go through the version's queue like any
 * {@code /v1/embeddings} input; a text over the model's token limit is cut (as a search engine
 * indexes the head of a long document). Thread-safe (stateless).
 */
@ApplicationScoped
public class ServedEmbedder implements DocumentEmbedder {

    private final EmbeddingService embeddings;

    public ServedEmbedder(EmbeddingService embeddings) {
        this.embeddings = embeddings;
    }

    @Override
    public CompletableFuture<EmbeddingModelRef> bind(String model, String version) {
        return embeddings.serve(model, version, null).thenApply(served -> new EmbeddingModelRef(served.key().name(),
                served.key().version(), EmbeddingService.dimensions(served)));
    }

    @Override
    public CompletableFuture<List<float[]>> embed(EmbeddingModelRef model, List<String> texts, String field) {
        return embeddings.serve(model.model(), model.version(), null).thenCompose(served ->
                embeddings.embed(served, embeddings.checkedTexts(texts, true, field), field)
                        .thenApply(all -> all.stream().map(e -> e.vector()).toList()));
    }
}
