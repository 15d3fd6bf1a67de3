package dev.zerocold.runtime.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;

/** Joining per-item futures without blocking. */
public final class Futures {

    private Futures() {
    }

    /** The exception a future failed with, without the {@link CompletionException} wrappers of dependent stages. */
    public static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /**
     * Every item's value, in order, once all are done; if any failed, the error of the first failed
     * item (lowest index) as {@code onFailure(index, error)} makes it.
     */
    public static <O> CompletableFuture<List<O>> inOrder(List<CompletableFuture<O>> items,
                                                         BiFunction<Integer, Throwable, Throwable> onFailure) {
        return CompletableFuture.allOf(items.toArray(CompletableFuture[]::new)).handle((ignored, anyError) -> {
            List<O> values = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                CompletableFuture<O> item = items.get(i);
                if (item.isCompletedExceptionally()) {
                    Throwable cause = item.handle((v, e) -> unwrap(e)).join();
                    Throwable error = onFailure.apply(i, cause);
                    throw error instanceof CompletionException c ? c : new CompletionException(error);
                }
                values.add(item.join());
            }
            return values;
        });
    }

    /** {@link #inOrder(List, BiFunction)} failing with the first failed item's own error. */
    public static <O> CompletableFuture<List<O>> inOrder(List<CompletableFuture<O>> items) {
        return inOrder(items, (index, error) -> error);
    }
}
