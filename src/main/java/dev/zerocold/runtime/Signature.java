package dev.zerocold.runtime;

import dev.zerocold.runtime.serving.InputDigest;

import java.util.function.Function;

/**
 * The Java types a model takes and returns for one item, and how an input is keyed in the
 * prediction cache. A model declares its signature; a caller asks for a served version with the
 * signature it expects and gets a typed handle, or an error: no caller casts a model or chooses
 * {@code <I, O>} unchecked, and no caller computes a cache key.
 *
 * @param cacheKey an input's cache key, or null (in general or for that input) when it is not cached
 */
public record Signature<I, O>(Class<I> input, Class<O> output, Function<I, InputDigest> cacheKey) {

    /** Text in, class probabilities out (sentiment classifiers); a text is keyed by its characters. */
    public static final Signature<String, ClassScores> TEXT_CLASSIFIER =
            new Signature<>(String.class, ClassScores.class, InputDigest::of);

    /** A signature whose inputs are never cached. */
    public Signature(Class<I> input, Class<O> output) {
        this(input, output, null);
    }

    /** The cache key of one input, or null when it is not cached. */
    public InputDigest keyOf(I item) {
        return cacheKey == null ? null : cacheKey.apply(item);
    }

    @Override
    public String toString() {
        return input.getSimpleName() + " -> " + output.getSimpleName();
    }
}
