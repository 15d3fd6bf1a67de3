package dev.zerocold.embedding.service;

import dev.zerocold.common.InvalidInputException;
import dev.zerocold.common.PayloadTooLargeException;
import dev.zerocold.common.Texts;
import dev.zerocold.embedding.EmbeddingConfig;
import dev.zerocold.embedding.model.Embedding;
import dev.zerocold.embedding.model.EmbeddingInput;
import dev.zerocold.embedding.model.TextEmbedder;
import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.inference.Inference;
import dev.zerocold.runtime.onnx.OnnxTextEncoder;
import dev.zerocold.runtime.serving.ServedModel;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Text embeddings for every protocol ({@code /v1/embeddings}, V2, {@code /predict/{name}},
 * collections): checks inputs against the feature's limits, resolves the model once through
 * {@link Inference}, and runs the inputs through the version's queue, where they share batches with
 * other requests' inputs. Nothing here blocks. Stateless and thread-safe.
 */
@ApplicationScoped
public class EmbeddingService {

    private final Inference inference;
    private final EmbeddingConfig config;

    public EmbeddingService(Inference inference, EmbeddingConfig config) {
        this.inference = inference;
        this.config = config;
    }

    /** The served version of an embedding model ({@code model} null: the configured default). */
    public CompletableFuture<ServedModel<EmbeddingInput, Embedding>> serve(String model, String version,
                                                                        String routingKey) {
        return inference.serve(Task.EMBEDDING, TextEmbedder.SIGNATURE, model == null ? config.defaultModel() : model,
                version, routingKey);
    }

    /** The vectors of checked inputs, in order; an input that fails is named {@code field[i]}. */
    public CompletableFuture<List<Embedding>> embed(ServedModel<EmbeddingInput, Embedding> served,
                                                    List<EmbeddingInput> inputs, String field) {
        return served.predictAll(inputs, field);
    }

    /** {@link #embed}, each vector answered with its token count (batch-style endpoints, {@code /predict/{name}}). */
    public CompletableFuture<List<ItemEmbedding>> summarize(ServedModel<EmbeddingInput, Embedding> served,
                                                          List<EmbeddingInput> inputs, String field) {
        return embed(served, inputs, field).thenApply(all -> all.stream()
                .map(e -> new ItemEmbedding(e.vector(), e.tokens(), e.truncated())).toList());
    }

    /** The embedding of one input of a batch: the vector, the tokens read, whether the input was cut. */
    @RegisterForReflection  // written by Jackson by reflection, also in a native image
    public record ItemEmbedding(float[] embedding, int tokens, boolean truncated) {
    }

    /** Texts to embed: each not blank, well-formed and at most {@code zerocold.embedding.max-input-chars}. */
    public List<EmbeddingInput> checkedTexts(List<String> texts, boolean truncate, String field) {
        checkCount(texts.size(), field);
        List<EmbeddingInput> inputs = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String what = texts.size() == 1 && field.equals("input") ? field : field + "[" + i + "]";
            String text = Texts.checked(texts.get(i), what, config.maxInputChars(), "zerocold.embedding.max-input-chars");
            inputs.add(EmbeddingInput.text(text, truncate));
        }
        return inputs;
    }

    /** Token-id inputs: each non-empty and at most {@code zerocold.embedding.max-input-tokens} ids. */
    public List<EmbeddingInput> checkedIds(List<long[]> rows, boolean truncate, String field) {
        checkCount(rows.size(), field);
        List<EmbeddingInput> inputs = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            long[] ids = rows.get(i);
            if (ids.length == 0) {
                throw new InvalidInputException(field + "[" + i + "] has no token ids");
            }
            if (ids.length > config.maxInputTokens()) {
                throw new InvalidInputException(field + "[" + i + "] has " + ids.length + " token ids; at most "
                        + config.maxInputTokens() + " are accepted (zerocold.embedding.max-input-tokens)");
            }
            inputs.add(EmbeddingInput.ids(ids, truncate));
        }
        return inputs;
    }

    private void checkCount(int count, String field) {
        if (count == 0) {
            throw new InvalidInputException(field + " must not be empty");
        }
        if (count > config.maxInputs()) {
            throw new PayloadTooLargeException(count + " inputs in " + field + "; at most " + config.maxInputs()
                    + " are accepted in one request (zerocold.embedding.max-inputs)");
        }
    }

    /** Width of the served model's vectors. */
    public static int dimensions(ServedModel<EmbeddingInput, Embedding> served) {
        return ((TextEmbedder) served.model()).dimensions();
    }

    /**
     * Checks a requested width: at least 1, at most the model's ({@code param} names it in errors);
     * null means the model's own.
     */
    public static int checkedDimensions(Integer dimensions, ServedModel<EmbeddingInput, Embedding> served,
                                        String param) {
        int width = dimensions(served);
        if (dimensions == null) {
            return width;
        }
        if (dimensions < 1 || dimensions > width) {
            throw new InvalidInputException(param + " must be between 1 and " + width + " (the width of model '"
                    + served.key().name() + "'), not " + dimensions, served.key().name(), served.key().version());
        }
        return dimensions;
    }

    /**
     * The first {@code dimensions} values of a vector, scaled back to unit length (how
     * Matryoshka-trained models are shortened, and what OpenAI's {@code dimensions} does); the
     * vector itself when it already has that width.
     */
    public static float[] shortened(float[] vector, int dimensions) {
        if (dimensions == vector.length) {
            return vector;
        }
        float[] out = Arrays.copyOf(vector, dimensions);
        OnnxTextEncoder.normalise(out);
        return out;
    }
}
