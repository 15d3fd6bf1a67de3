package dev.zerocold.api.v2;

import dev.zerocold.embedding.model.Embedding;
import dev.zerocold.embedding.model.EmbeddingInput;
import dev.zerocold.embedding.model.TextEmbedder;
import dev.zerocold.embedding.service.EmbeddingService;
import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.TensorSpec;
import dev.zerocold.runtime.serving.ServedModel;
import dev.zerocold.runtime.tensor.DataType;
import dev.zerocold.runtime.tensor.Tensor;
import dev.zerocold.runtime.tensor.TensorAdapter;
import dev.zerocold.runtime.tensor.TensorMetadata;
import jakarta.inject.Singleton;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Embedding models as tensors: {@code text} BYTES [N] in, {@code embedding} FP32 [N, D] out (the
 * model's vectors; texts over its token limit are cut, as {@code /v1/embeddings} does by default).
 * Texts are checked and embedded by the embedding feature's service.
 */
@Singleton
public class EmbeddingTensorAdapter implements TensorAdapter {

    static final String TEXT = "text";
    static final String EMBEDDING = "embedding";
    private static final List<TensorSpec> INPUTS = List.of(new TensorSpec(TEXT, "BYTES", List.of(-1L)));

    private final EmbeddingService embeddings;

    public EmbeddingTensorAdapter(EmbeddingService embeddings) {
        this.embeddings = embeddings;
    }

    @Override
    public Task task() {
        return Task.EMBEDDING;
    }

    @Override
    public TensorMetadata metadata(ServedModel<?, ?> served) {
        long width = EmbeddingService.dimensions(served.as(TextEmbedder.SIGNATURE));
        return new TensorMetadata(INPUTS, List.of(new TensorSpec(EMBEDDING, "FP32", List.of(-1L, width))));
    }

    @Override
    public CompletableFuture<List<Tensor>> infer(ServedModel<?, ?> served, List<Tensor> inputs) {
        ServedModel<EmbeddingInput, Embedding> embedder = served.as(TextEmbedder.SIGNATURE);
        Tensor text = TensorMetadata.required(metadata(served).check(inputs), TEXT);
        List<EmbeddingInput> texts = embeddings.checkedTexts(Arrays.asList(text.strings()), true, TEXT);
        int width = EmbeddingService.dimensions(embedder);
        return embeddings.embed(embedder, texts, TEXT).thenApply(vectors -> {
            float[] flat = new float[vectors.size() * width];
            for (int i = 0; i < vectors.size(); i++) {
                System.arraycopy(vectors.get(i).vector(), 0, flat, i * width, width);
            }
            return List.of(new Tensor(EMBEDDING, DataType.FP32, new long[] {vectors.size(), width}, flat));
        });
    }
}
