package dev.zerocold.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.Map;

/**
 * {@code POST /v1/completions}, as OpenAI's API and SDKs send it. {@code prompt} is a string or
 * token ids (or an array holding one of them); {@code stop} a string or strings. {@code top_k} is
 * an extension (as in vLLM). {@code echo}, {@code best_of} above 1, {@code logprobs}, {@code suffix}
 * and {@code n} above 1 are refused with a 400 saying so; {@code user} is accepted and not used.
 */
@RegisterForReflection  // bound by Jackson by reflection, also in a native image
public record CompletionsRequest(String model, JsonNode prompt, Integer maxTokens, Double temperature, Double topP,
                                 Integer topK, Integer n, Boolean stream, StreamOptions streamOptions, JsonNode stop,
                                 Long seed, Double frequencyPenalty, Double presencePenalty,
                                 Map<String, Double> logitBias, Boolean echo, Integer bestOf, Integer logprobs,
                                 String suffix, String user) {

    /** {@code stream_options}: {@code include_usage} adds a last chunk with the token counts. */
    @RegisterForReflection
    public record StreamOptions(Boolean includeUsage) {
    }
}
