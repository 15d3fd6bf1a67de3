package dev.zerocold.embedding.model;

/**
 * The embedding of one input: its vector (L2-normalised unless the model says otherwise), how many
 * token ids the model read, and whether the input was cut to the model's limit. The vector is not
 * copied and must not be changed.
 */
public record Embedding(float[] vector, int tokens, boolean truncated) {
}
