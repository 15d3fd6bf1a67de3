package dev.zerocold.generation.model;

import io.smallrye.mutiny.Multi;

/**
 * A generation under way: the prompt's token count, known at once, and the chunks as the tokens are
 * produced. Subscribe once; cancelling the subscription, or {@link #cancel()} (the client went away,
 * perhaps before anything subscribed), stops the sequence at the next step and frees its cache.
 */
public record GenerationStream(int promptTokens, Multi<GenerationChunk> chunks, Runnable canceller) {

    /** Stops the sequence at the next step; nothing more is produced. Harmless once it has ended. */
    public void cancel() {
        canceller.run();
    }
}
