package dev.zerocold.generation.model;

import java.util.List;

/**
 * One generation, as the model takes it: a prompt (text, or token ids) or chat messages (rendered
 * by the model's chat template, with the assistant's turn opened), how to sample, at most
 * {@code maxTokens} new tokens (null: {@code defaultMaxTokens} or what is left of the model's
 * context, whichever is less), the stop strings, and the deadline ({@link System#nanoTime}).
 */
public record GenerationRequest(String prompt, long[] promptIds, List<ChatMessage> messages, SamplingParams sampling,
                                Integer maxTokens, int defaultMaxTokens, List<String> stop, long deadlineNanos) {

    public GenerationRequest {
        stop = stop == null ? List.of() : List.copyOf(stop);
        messages = messages == null ? null : List.copyOf(messages);
    }
}
