package dev.zerocold.search.service;

import dev.zerocold.common.InferenceTimeoutException;
import dev.zerocold.search.index.CollectionBinding;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for the {@link DocumentEmbedder}'s futures on the request's (worker) thread, up to
 * {@code zerocold.search.embed-timeout}, and checks what comes back. A failure the embedder reports
 * (a 404 or 400 of its own) is rethrown as it is. Thread-safe (immutable).
 */
final class EmbeddingCalls {

    private final Duration timeout;

    EmbeddingCalls(Duration timeout) {
        this.timeout = timeout;
    }

    /** One vector per text, each of the binding's dimensions. */
    List<float[]> vectors(DocumentEmbedder embedder, CollectionBinding binding, List<String> texts, String field) {
        EmbeddingModelRef ref = new EmbeddingModelRef(binding.model(), binding.version(), binding.dimensions());
        List<float[]> vectors = await(embedder.embed(ref, texts, field), binding.model(), binding.version());
        if (vectors == null || vectors.size() != texts.size()) {
            throw new IllegalStateException("the embedder answered " + (vectors == null ? "nothing" : vectors.size()
                    + " vectors") + " for " + texts.size() + " texts");
        }
        for (float[] vector : vectors) {
            if (vector == null || vector.length != binding.dimensions()) {
                throw new IllegalStateException("the embedder answered a vector of " + (vector == null ? 0 : vector.length)
                        + " values for a model of " + binding.dimensions() + " dimensions");
            }
        }
        return vectors;
    }

    <T> T await(CompletableFuture<T> future, String model, String version) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e;
            while ((cause instanceof ExecutionException || cause instanceof CompletionException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new CompletionException(cause);
        } catch (TimeoutException | CancellationException e) {
            future.cancel(true);
            throw new InferenceTimeoutException("embedding did not finish within " + timeout.toMillis()
                    + " ms (zerocold.search.embed-timeout); nothing was written", model, version);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }
}
