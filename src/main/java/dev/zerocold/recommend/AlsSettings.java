package dev.zerocold.recommend;

import java.util.List;
import java.util.Objects;

/**
 * Hyperparameters of implicit-feedback ALS; the {@code settings} block of {@code model.yaml}.
 *
 * @param factors        latent dimension {@code k}
 * @param regularization L2 penalty {@code lambda} on every factor row
 * @param alpha          confidence slope: an interaction of strength {@code r} has confidence {@code 1 + alpha * r}
 * @param iterations     number of alternating (users, then items) sweeps
 * @param seed           seed of the random item-factor initialisation
 * @param strength       how a rating becomes a strength {@code r}
 */
public record AlsSettings(int factors, double regularization, double alpha, int iterations, long seed,
                          Strength strength) {

    /** The settings of the committed model, chosen on the MovieLens holdout. */
    public static final AlsSettings DEFAULT = new AlsSettings(48, 20.0, 1.0, 10, 42, Strength.BINARY);

    public AlsSettings {
        Objects.requireNonNull(strength, "strength");
        if (factors < 1 || regularization <= 0 || alpha < 0 || iterations < 1) {
            throw new IllegalArgumentException("invalid ALS settings: factors=" + factors + ", regularization="
                    + regularization + ", alpha=" + alpha + ", iterations=" + iterations);
        }
    }

    /** Confidence of an interaction of strength {@code r}. */
    public double confidence(double r) {
        return 1 + alpha * r;
    }

    /** Builds the training matrix of {@code ratings} over the given id spaces with this {@link #strength()}. */
    public Interactions interactions(List<Rating> ratings, int[] userIds, int[] itemIds) {
        return Interactions.of(ratings, userIds, itemIds, strength::of);
    }
}
