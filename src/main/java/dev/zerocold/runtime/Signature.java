package dev.zerocold.runtime;


/**
 * The Java types a model takes and returns for one item. A model declares its signature; a caller
 * asks for a version with the signature it expects and gets a typed handle, or an error: no caller
 * casts a model or chooses {@code <I, O>} unchecked.
 */
public record Signature<I, O>(Class<I> input, Class<O> output) {

    /** Text in, class probabilities out (sentiment classifiers). */
    public static final Signature<String, ClassScores> TEXT_CLASSIFIER = new Signature<>(String.class, ClassScores.class);

    @Override
    public String toString() {
        return input.getSimpleName() + " -> " + output.getSimpleName();
    }
}
