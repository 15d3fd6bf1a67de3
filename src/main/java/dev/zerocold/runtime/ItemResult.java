package dev.zerocold.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one item of a batched prediction: a value, or the error that item alone caused.
 * One bad input in a merged batch fails only its own caller.
 *
 * @param value the prediction; null when {@code error} is set
 * @param error why this item could not be predicted; null on success
 */
public record ItemResult<O>(O value, RuntimeException error) {

    public ItemResult {
        if ((value == null) == (error == null)) {
            throw new IllegalArgumentException("exactly one of value and error");
        }
    }

    public static <O> ItemResult<O> ok(O value) {
        return new ItemResult<>(Objects.requireNonNull(value, "value"), null);
    }

    public static <O> ItemResult<O> failed(RuntimeException error) {
        return new ItemResult<>(null, Objects.requireNonNull(error, "error"));
    }

    public boolean succeeded() {
        return error == null;
    }

    /** Every value as a success, in order. */
    public static <O> List<ItemResult<O>> allOk(List<O> values) {
        List<ItemResult<O>> results = new ArrayList<>(values.size());
        for (O value : values) {
            results.add(ok(value));
        }
        return results;
    }
}
