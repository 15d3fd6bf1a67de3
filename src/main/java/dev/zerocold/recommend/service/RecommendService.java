package dev.zerocold.recommend.service;

import dev.zerocold.common.Latency;
import dev.zerocold.common.InvalidInputException;
import dev.zerocold.recommend.RecommendConfig;
import dev.zerocold.runtime.ModelKey;
import dev.zerocold.runtime.ModelManager;
import dev.zerocold.runtime.StartupTimeline;
import dev.zerocold.runtime.Task;
import jakarta.enterprise.context.ApplicationScoped;

import dev.zerocold.runtime.serving.Futures;
import java.util.List;
import java.util.concurrent.CompletableFuture;

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

    /** Several users' recommendations, all from one version, in the order asked. */
    public record ServedAll(List<Recommendations> recommendations, ModelKey key) {
    }

    private final ModelManager models;
    private final InteractionService interactions;
    private final StartupTimeline timeline;
    private final RecommendConfig config;

    public RecommendService(ModelManager models, InteractionService interactions, StartupTimeline timeline,
                            RecommendConfig config) {
        this.models = models;
        this.interactions = interactions;
        this.timeline = timeline;
        this.config = config;
    }

    /**
     * @param limit null for the configured default
     * @param model null for the configured default model; {@code version} null for its default version
     *              (chosen by the model's traffic split, with {@code routingKey} when given)
     */
    public CompletableFuture<Served> recommend(String userId, String category, Integer limit, boolean excludeSeen,
                                               String model, String version, String routingKey, long startNanos) {
        int n = checkedLimit(limit);
        RecommendQuery query = new RecommendQuery(userId, n, excludeSeen, category, interactions.recent(userId));
        return models.serve(Task.RECOMMEND, RecommenderModel.SIGNATURE, model == null ? config.defaultModel() : model,
                        version, routingKey)
                .thenCompose(served -> served.predict(query, null).thenApply(out -> new Served(out, served.key(),
                        Latency.millisSince(startNanos), timeline.claimFirstPrediction())));
    }

    /**
     * Recommendations for several users from one version (named, or chosen once by the traffic split),
     * queued together. A malformed user id, or a failing user, is an error naming its index.
     */
    public CompletableFuture<ServedAll> recommendAll(List<String> userIds, String category, Integer limit,
                                                     boolean excludeSeen, String model, String version,
                                                     String routingKey) {
        int n = checkedLimit(limit);
        for (int i = 0; i < userIds.size(); i++) {
            if (userIds.get(i) == null || !Interaction.USER_ID.matcher(userIds.get(i)).matches()) {
                throw new InvalidInputException("user " + i + ": user_id " + Interaction.USER_ID_RULE);
            }
        }
        List<RecommendQuery> queries = userIds.stream()
                .map(user -> new RecommendQuery(user, n, excludeSeen, category, interactions.recent(user))).toList();
        return models.serve(Task.RECOMMEND, RecommenderModel.SIGNATURE, model == null ? config.defaultModel() : model,
                        version, routingKey)
                .thenCompose(served -> Futures.inOrder(served.predictAll(queries, null),
                                (index, error) -> error instanceof InvalidInputException invalid
                                        ? new InvalidInputException("user " + index + ": " + invalid.getMessage(),
                                        served.key().name(), served.key().version()) : error)
                        .thenApply(all -> {
                            timeline.claimFirstPrediction();
                            return new ServedAll(all, served.key());
                        }));
    }

    private int checkedLimit(Integer limit) {
        int n = limit == null ? config.defaultLimit() : limit;
        if (n < 1 || n > config.maxLimit()) {
            throw new InvalidInputException("limit must be between 1 and " + config.maxLimit() + ", got " + n);
        }
        return n;
    }
}
