package dev.zerocold.generation.model;

import io.smallrye.mutiny.Multi;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A generation under way: the prompt's token count, known at once, and the chunks as the tokens are
 * produced. Subscribe once; cancelling the subscription, or {@link #cancel()} (the client went away,
 * perhaps before anything subscribed), stops the sequence at the next step and frees its cache.
 */
public record GenerationStream(int promptTokens, Multi<GenerationChunk> chunks, Runnable canceller) {

    /** Every chunk, once the last is in (subscribes to the stream); fails as the generation fails. */
    public CompletableFuture<List<GenerationChunk>> whole() {
        CompletableFuture<List<GenerationChunk>> out = new CompletableFuture<>();
        chunks.collect().asList().subscribe().with(out::complete, out::completeExceptionally);
        return out;
    }

    /** The text of a whole generation's chunks. */
    public static String text(List<GenerationChunk> chunks) {
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> text.append(c.text()));
        return text.toString();
    }

    /** Stops the sequence at the next step; nothing more is produced. Harmless once it has ended. */
    public void cancel() {
        canceller.run();
    }
}
