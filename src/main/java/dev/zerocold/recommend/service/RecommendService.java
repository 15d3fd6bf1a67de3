package dev.zerocold.recommend.service;

import dev.zerocold.common.Latency;
import dev.zerocold.common.InvalidInputException;
import dev.zerocold.common.ZerocoldConfig;
import dev.zerocold.runtime.ModelKey;
import dev.zerocold.runtime.ModelManager;
import dev.zerocold.runtime.ModelVersion;
import dev.zerocold.runtime.StartupTimeline;
import dev.zerocold.runtime.Task;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Turns recommend requests into model calls: resolves the model version, attaches the user's
 * interactions newer than the model (for fold-in) and runs one prediction. Stateless and thread-safe.
 */
@ApplicationScoped
public class RecommendService {

    /**
     * One served prediction.
     *
     * @param coldStart true only for the process's first prediction
     */
    public record Served(Recommendations recommendations, ModelKey key, double latencyMs, boolean coldStart) {
    }

    private final ModelManager models;
    private final InteractionService interactions;
    private final StartupTimeline timeline;
    private final ZerocoldConfig.Recommend config;

    public RecommendService(ModelManager models, InteractionService interactions, StartupTimeline timeline,
                            ZerocoldConfig config) {
        this.models = models;
        this.interactions = interactions;
        this.timeline = timeline;
        this.config = config.recommend();
    }

    /**
     * @param limit null for the configured default
     * @param model null for the configured default model; {@code version} null for its default version
     */
    public Served recommend(String userId, String category, Integer limit, boolean excludeSeen, String model,
                            String version, long startNanos) {
        int n = limit == null ? config.defaultLimit() : limit;
        if (n < 1 || n > config.maxLimit()) {
            throw new InvalidInputException("limit must be between 1 and " + config.maxLimit() + ", got " + n);
        }
        ModelVersion chosen = models.resolve(Task.RECOMMEND, model == null ? config.defaultModel() : model, version);
        RecommendQuery query = new RecommendQuery(userId, n, excludeSeen, category, interactions.recent(userId));
        List<Recommendations> out = chosen.predict(List.of(query));
        boolean cold = timeline.claimFirstPrediction();
        return new Served(out.get(0), chosen.key(), Latency.millisSince(startNanos), cold);
    }
}
