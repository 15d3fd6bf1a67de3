package dev.zerocold.recommend;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Trains the MovieLens recommender and writes {@code models/recommender/1/}. First trains on the
 * holdout's training part and evaluates it against popularity (recorded in {@code metrics.json}),
 * then trains the stored model on all ratings with the same {@link AlsSettings#DEFAULT settings}.
 *
 * <p>Usage: {@code TrainRecommender [DATASET_DIR [MODEL_DIR]]}, run from the project root.
 */
public final class TrainRecommender {

    /** Default output directory relative to the project root. */
    public static final Path MODEL_DIR = Path.of("models", "recommender", "1");

    private TrainRecommender() {
    }

    public static void main(String[] args) throws IOException {
        Path dataDir = args.length > 0 ? Path.of(args[0]) : MovieLensData.DEFAULT_DIR;
        Path modelDir = args.length > 1 ? Path.of(args[1]) : MODEL_DIR;
        AlsSettings settings = AlsSettings.DEFAULT;
        MovieLensData data = MovieLensData.load(dataDir);
        System.out.printf(Locale.ROOT, "%d ratings, %d users, %d items; %s%n",
                data.ratings().size(), data.userIds().length, data.movies().size(), settings);

        EvaluationReport holdout = evaluate(settings, data);
        System.out.printf(Locale.ROOT, "holdout (%d training ratings, %.1f s training)%n  model      %s%n"
                        + "  popularity %s%n  NDCG@%d lift %.3f%n", holdout.trainRatings(), holdout.trainingSeconds(),
                holdout.model(), holdout.popularity(), holdout.cutoff(), holdout.ndcgLift());

        long start = System.nanoTime();
        FactorModel model = train(settings, data, data.ratings());
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "full model: %.1f s training%n", seconds);

        FactorModelStore.write(model, modelDir);
        FactorModelStore.writeReport(new EvaluationReport(holdout.protocol(), holdout.cutoff(), holdout.trainRatings(),
                holdout.model(), holdout.popularity(), holdout.ndcgLift(), seconds), modelDir);
        System.out.println("wrote " + modelDir.toAbsolutePath());
    }

    /** Trains on {@code ratings} over all users and catalogue items of {@code data}. */
    public static FactorModel train(AlsSettings settings, MovieLensData data, List<Rating> ratings) {
        Interactions interactions = settings.interactions(ratings, data.userIds(), data.itemIds());
        AlsTrainer.Factors factors = new AlsTrainer(settings).train(interactions);
        return FactorModel.of(settings, interactions, factors, data.movies());
    }

    /** Trains on the holdout's training part and scores the model and the popularity baseline. */
    public static EvaluationReport evaluate(AlsSettings settings, MovieLensData data) {
        Holdout holdout = Evaluation.split(data.ratings());
        long start = System.nanoTime();
        FactorModel model = train(settings, data, holdout.train());
        double seconds = (System.nanoTime() - start) / 1e9;
        Metrics modelMetrics = Evaluation.evaluate(holdout, Evaluation.of(model), Evaluation.CUTOFF);
        Metrics popularity = Evaluation.evaluate(holdout, Evaluation.popularity(holdout.train()), Evaluation.CUTOFF);
        return EvaluationReport.of(holdout, modelMetrics, popularity, seconds);
    }
}
