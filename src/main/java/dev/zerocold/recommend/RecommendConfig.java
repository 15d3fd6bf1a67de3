package dev.zerocold.recommend;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;

/** The recommend endpoint, the interaction journal and retraining. Each method documents one setting. */
@ConfigMapping(prefix = "zerocold.recommend")
public interface RecommendConfig {
    /** Model used when a request names none. */
    @WithDefault("recommender")
    String defaultModel();

    /** Recommendations returned when a request gives no {@code limit}. */
    @WithDefault("10")
    int defaultLimit();

    /** Largest accepted {@code limit}. */
    @WithDefault("100")
    int maxLimit();

    /**
     * Append-only journal of accepted interactions (one line each, flushed to disk before the
     * 202 answer), replayed at startup; relative paths resolve against the working directory.
     */
    @WithDefault("data/interactions.log")
    Path journal();

    /** Most distinct users with interactions held in memory; beyond it new users get 503. */
    @WithDefault("10000")
    int maxUsers();

    /** Most distinct items per user held in memory; beyond it that user's new items get 503. */
    @WithDefault("1000")
    int maxItemsPerUser();

    /** MovieLens export ({@code ratings.csv.gz}, {@code movies.csv.gz}) that retraining starts from. */
    @WithDefault("models/datasets/movielens")
    Path dataset();

    /**
     * How often the interaction journal is compacted (each user's entries per item folded into the
     * latest); it is also compacted before every retraining. {@code off} disables the schedule.
     */
    @WithDefault("10m")
    String compactInterval();

    /** How long after start the first scheduled compaction waits: a (scale-to-zero) start does not pay for it. */
    @WithDefault("5m")
    String compactDelay();

    /** How often retraining runs (base ratings plus journal); {@code off} disables it. */
    @WithDefault("1h")
    String retrainInterval();

    /** Delay of the first retraining after startup, so a cold start never pays for training. */
    @WithDefault("10m")
    String retrainDelay();

    /**
     * A retrained model is swapped in when its holdout NDCG@10 is at least the serving data's
     * NDCG@10 minus this tolerance.
     */
    @WithDefault("0.0005")
    double retrainTolerance();

    /**
     * Retrained versions kept (the newest ones, serving or not); older ones are drained and their
     * folders under {@code <zerocold.models.state-dir>/models} deleted. The committed versions are never touched.
     */
    @WithDefault("3")
    int keepVersions();
}
