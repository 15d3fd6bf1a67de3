package dev.zerocold.recommend;

import io.quarkus.runtime.annotations.RegisterForReflection;
import dev.zerocold.runtime.Framework;
import dev.zerocold.runtime.ModelConfig;
import dev.zerocold.runtime.ModelYaml;
import dev.zerocold.runtime.Task;

import java.io.IOException;
import java.util.List;

/** The {@code model.yaml} of a stored recommender, as {@link FactorModelStore} writes and reads it through {@link ModelYaml}. */
public final class ModelCard {

    private ModelCard() {
    }

    /** {@link AlsSettings} as written in YAML; {@code strength} is {@link Strength#key()}, {@code binary} when absent. */
    @RegisterForReflection  // bound or written by Jackson by reflection, also in a native image
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

    /** The model.yaml of a recommender trained with {@code settings}. */
    public static ModelConfig config(AlsSettings settings) {
        return new ModelConfig(Framework.JAVA, Task.RECOMMEND,
                "Implicit ALS (Hu, Koren, Volinsky 2008) on MovieLens ml-latest-small", List.of(), null,
                ModelYaml.tree(Settings.of(settings)), null, null);
    }

    /** The training settings a recommender's model.yaml records. */
    public static AlsSettings settings(ModelConfig config) throws IOException {
        return ModelYaml.settings(config, Settings.class).toAlsSettings();
    }
}
