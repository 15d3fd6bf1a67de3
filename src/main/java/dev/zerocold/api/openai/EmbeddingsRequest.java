package dev.zerocold.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code POST /v1/embeddings}, as OpenAI's API and SDKs send it: {@code input} is a string, an array
 * of strings, an array of token ids or an array of arrays of token ids. {@code truncate} (as in
 * Hugging Face TEI; default true) cuts an input longer than the model takes instead of refusing it.
 * {@code user} is accepted and not used.
 */
@RegisterForReflection  // bound by Jackson by reflection, also in a native image
public record EmbeddingsRequest(String model, JsonNode input, String encodingFormat, Integer dimensions, String user,
                                Boolean truncate) {
}
