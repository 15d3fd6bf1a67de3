package dev.zerocold.recommend;

/**
 * Holdout evaluation of a model against the popularity baseline; the content of {@code metrics.json}.
 *
 * @param protocol        how the holdout was built
 * @param cutoff          list length the metrics are computed at
 * @param trainRatings    rating events in the training part
 * @param model           the ALS model trained on the training part
 * @param popularity      most-popular items of the training part
 * @param ndcgLift        {@code model.ndcg / popularity.ndcg}
 * @param trainingSeconds wall-clock time of the ALS training that produced the stored model
 */
public record EvaluationReport(String protocol, int cutoff, int trainRatings, Metrics model, Metrics popularity,
                               double ndcgLift, double trainingSeconds) {

    public static final String PROTOCOL = "per-user temporal holdout: latest 20% (rounded, >= 1) of each user's "
            + "ratings with >= 5 ratings; training items excluded from every list";

    public static EvaluationReport of(Holdout holdout, Metrics model, Metrics popularity, double trainingSeconds) {
        return new EvaluationReport(PROTOCOL, Evaluation.CUTOFF, holdout.train().size(), model, popularity,
                model.ndcg() / popularity.ndcg(), trainingSeconds);
    }
}
