package dev.zerocold.search;

import dev.zerocold.embedding.service.EmbeddingService;
import dev.zerocold.search.service.DocumentEmbedder;
import dev.zerocold.search.service.EmbeddingModelRef;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Test-only stand-in for the embedding feature's {@link DocumentEmbedder}, over the real
 * {@link EmbeddingService} (so tests embed with the real models): a {@link DefaultBean}, used only
 * while no other bean implements the port, so the embedding feature's own bean replaces it without a
 * clash once it exists. Thread-safe.
 */
@DefaultBean
@ApplicationScoped
public class DefaultTestEmbedder implements DocumentEmbedder {

    private final EmbeddingService embeddings;

    public DefaultTestEmbedder(EmbeddingService embeddings) {
        this.embeddings = embeddings;
    }

    @Override
    public CompletableFuture<EmbeddingModelRef> bind(String model, String version) {
        return embeddings.serve(model, version, null).thenApply(served -> new EmbeddingModelRef(served.key().name(),
                served.key().version(), EmbeddingService.dimensions(served)));
    }

    @Override
    public CompletableFuture<List<float[]>> embed(EmbeddingModelRef model, List<String> texts, String field) {
        return embeddings.serve(model.model(), model.version(), null)
                .thenCompose(served -> embeddings.embed(served, embeddings.checkedTexts(texts, true, field), field))
                .thenApply(all -> all.stream().map(e -> e.vector()).toList());
    }
}
