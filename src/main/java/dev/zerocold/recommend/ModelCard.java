package dev.zerocold.recommend;

import java.util.List;

/**
 * The {@code model.yaml} of a stored recommender (snake_case keys). Immutable.
 *
 * @param framework   always {@code java}
 * @param task        always {@code recommend}
 * @param description human-readable summary
 * @param inputs      request tensors
 * @param outputs     response tensors
 * @param settings    training hyperparameters
 */
public record ModelCard(String framework, String task, String description, List<TensorSpec> inputs,
                        List<TensorSpec> outputs, Settings settings) {

    /** A named tensor of the serving contract; {@code -1} in {@code shape} is a variable dimension. */
    public record TensorSpec(String name, String datatype, List<Integer> shape) {
    }

    /** {@link AlsSettings} as written in YAML; {@code strength} is {@link Strength#key()}, {@code binary} when absent. */
    public record Settings(int factors, double regularization, double alpha, int iterations, long seed,
                           String strength) {

        static Settings of(AlsSettings s) {
            return new Settings(s.factors(), s.regularization(), s.alpha(), s.iterations(), s.seed(), s.strength().key());
        }

        AlsSettings toAlsSettings() {
            return new AlsSettings(factors, regularization, alpha, iterations, seed,
                    strength == null ? Strength.BINARY : Strength.parse(strength));
        }
    }

    /** The card of a recommender trained with {@code settings}. */
    public static ModelCard of(AlsSettings settings) {
        return new ModelCard("java", "recommend",
                "Implicit ALS (Hu, Koren, Volinsky 2008) on MovieLens ml-latest-small",
                List.of(new TensorSpec("user_id", "BYTES", List.of(1))),
                List.of(new TensorSpec("item_ids", "BYTES", List.of(-1))),
                Settings.of(settings));
    }
}
