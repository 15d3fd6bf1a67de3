package dev.zerocold.runtime;

import java.util.List;

/**
 * Class probabilities of one prediction, aligned with {@code labels}. Immutable by convention:
 * the array is never modified after construction.
 */
public record ClassScores(List<String> labels, float[] probabilities) {

    public ClassScores {
        if (labels.size() != probabilities.length) {
            throw new IllegalArgumentException(labels.size() + " labels but " + probabilities.length + " probabilities");
        }
    }

    /** Index of the most probable class (the first on ties). */
    public int top() {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Probability of {@code label}, 0 if the model has no such class. */
    public float probability(String label) {
        int i = labels.indexOf(label);
        return i < 0 ? 0f : probabilities[i];
    }

    /** Softmax of raw scores, computed stably. */
    public static float[] softmax(float[] logits) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        float[] out = new float[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            out[i] = (float) Math.exp(logits[i] - max);
            sum += out[i];
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (out[i] / sum);
        }
        return out;
    }
}
