package dev.zerocold.generation.model;

import io.smallrye.mutiny.Multi;

/**
 * A generation under way: the prompt's token count, known at once, and the chunks as the tokens are
 * produced. Subscribe once; cancelling the subscription stops the sequence at the next step and
 * frees its cache.
 */
public record GenerationStream(int promptTokens, Multi<GenerationChunk> chunks) {
}
