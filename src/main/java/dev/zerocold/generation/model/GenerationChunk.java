package dev.zerocold.generation.model;

/**
 * A piece of a generation's stream: new text (possibly empty), then, on the last chunk only, why it
 * ended ({@code stop}: end of text or a stop string; {@code length}: max_tokens or the context) and
 * the token counts.
 */
public record GenerationChunk(String text, String finishReason, int promptTokens, int completionTokens) {

    public boolean last() {
        return finishReason != null;
    }
}
