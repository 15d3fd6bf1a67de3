package dev.zerocold.api.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * The answers of {@code /v1/completions} and {@code /v1/chat/completions} in OpenAI's shapes:
 * whole ({@code text_completion}, {@code chat.completion}) and streamed
 * ({@code text_completion} chunks, {@code chat.completion.chunk}).
 */
public final class CompletionChunks {

    private CompletionChunks() {
    }

    /** Token counts of one generation. */
    @RegisterForReflection
    public record Usage(int promptTokens, int completionTokens, int totalTokens) {

        public static Usage of(int prompt, int completion) {
            return new Usage(prompt, completion, prompt + completion);
        }
    }

    /** A completion, whole or a streamed piece: {@code usage} only when whole or asked for. */
    @JsonPropertyOrder({"id", "object", "created", "model", "choices", "usage"})
    @RegisterForReflection
    public record Completion(String id, String object, long created, String model, List<TextChoice> choices,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage) {
    }

    @JsonPropertyOrder({"index", "text", "logprobs", "finish_reason"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @RegisterForReflection
    public record TextChoice(int index, String text, Object logprobs, String finishReason) {
    }

    /** A chat completion, whole ({@code message}) or a streamed chunk ({@code delta}). */
    @JsonPropertyOrder({"id", "object", "created", "model", "choices", "usage"})
    @RegisterForReflection
    public record Chat(String id, String object, long created, String model, List<ChatChoice> choices,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage) {
    }

    @JsonPropertyOrder({"index", "message", "delta", "logprobs", "finish_reason"})
    @RegisterForReflection
    public record ChatChoice(int index, @JsonInclude(JsonInclude.Include.NON_NULL) Message message,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Message delta,
                             @JsonInclude(JsonInclude.Include.ALWAYS) Object logprobs,
                             @JsonInclude(JsonInclude.Include.ALWAYS) String finishReason) {
    }

    /** A message or a delta: a delta carries the role first, then only content. */
    @JsonPropertyOrder({"role", "content"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public record Message(String role, String content) {
    }
}
