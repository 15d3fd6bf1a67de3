package dev.zerocold.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.Map;

/**
 * {@code POST /v1/chat/completions}, as OpenAI's API and SDKs send it: {@code messages} of
 * {@code {role, content}} (content a string or text parts), {@code max_completion_tokens} or its
 * older name {@code max_tokens}, sampling, {@code stop}, {@code seed}, {@code stream} and
 * {@code stream_options}. Tools, log probabilities, {@code n} above 1 and response formats other
 * than text are refused with a 400 saying so; {@code user}, {@code store}, {@code metadata},
 * {@code service_tier} and {@code parallel_tool_calls} are accepted and not used.
 */
@RegisterForReflection  // bound by Jackson by reflection, also in a native image
public record ChatCompletionsRequest(String model, JsonNode messages, Integer maxTokens, Integer maxCompletionTokens,
                                     Double temperature, Double topP, Integer topK, Integer n, Boolean stream,
                                     CompletionsRequest.StreamOptions streamOptions, JsonNode stop, Long seed,
                                     Double frequencyPenalty, Double presencePenalty, Map<String, Double> logitBias,
                                     Boolean logprobs, Integer topLogprobs, JsonNode responseFormat, JsonNode tools,
                                     JsonNode toolChoice, Boolean parallelToolCalls, String user, Boolean store,
                                     JsonNode metadata, String serviceTier) {
}
