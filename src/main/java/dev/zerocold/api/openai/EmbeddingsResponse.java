package dev.zerocold.api.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * The answer of {@code /v1/embeddings} in OpenAI's shape: {@code object: "list"}, one {@code data}
 * item per input in input order, the model, and the tokens read. An item carries
 * {@code truncated: true} when its input was cut to the model's limit (absent otherwise).
 */
@JsonPropertyOrder({"object", "data", "model", "usage"})
@RegisterForReflection  // written by Jackson by reflection, also in a native image
public record EmbeddingsResponse(String object, List<Item> data, String model, Usage usage) {

    /**
     * One vector: a JSON array of floats, or a base64 string of little-endian float32 values.
     */
    @JsonPropertyOrder({"object", "index", "embedding", "truncated"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public record Item(String object, int index, Object embedding, Boolean truncated) {
    }

    /** Tokens the model read (after truncation); embeddings have no completion tokens. */
    @RegisterForReflection
    public record Usage(long promptTokens, long totalTokens) {
    }
}
