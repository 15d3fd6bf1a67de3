package dev.zerocold.embedding;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Text embeddings ({@code task: embedding}) over every protocol. Each method documents one setting. */
@ConfigMapping(prefix = "zerocold.embedding")
public interface EmbeddingConfig {
    /** Model used when a request names none ({@code /v1/embeddings} without {@code model}). */
    @WithDefault("all-minilm-l6-v2")
    String defaultModel();

    /** Most inputs in one request (OpenAI's own limit is 2,048); more is a 413. */
    @WithDefault("2048")
    int maxInputs();

    /**
     * Longest accepted text, in characters, before tokenization; longer is a 400. Texts within it
     * but over the model's token limit are truncated or refused as the request's {@code truncate} asks.
     */
    @WithDefault("65536")
    int maxInputChars();

    /** Most token ids in one input given as ids (before truncation to the model's limit); more is a 400. */
    @WithDefault("8192")
    int maxInputTokens();
}
