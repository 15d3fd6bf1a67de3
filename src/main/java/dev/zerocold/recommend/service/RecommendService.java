package dev.zerocold.recommend.service;

import dev.zerocold.common.Latency;
import dev.zerocold.common.InvalidInputException;
import dev.zerocold.recommend.RecommendConfig;
import dev.zerocold.runtime.ModelKey;
import dev.zerocold.runtime.inference.Inference;
import dev.zerocold.runtime.serving.ServedModel;
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

    private final Inference inference;
    private final InteractionService interactions;
    private final StartupTimeline timeline;
    private final RecommendConfig config;

    public RecommendService(Inference inference, InteractionService interactions, StartupTimeline timeline,
                            RecommendConfig config) {
        this.inference = inference;
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
        return inference.serve(Task.RECOMMEND, RecommenderModel.SIGNATURE, modelName(model), version, routingKey)
                .thenCompose(served -> served.submit(query).thenApply(out -> new Served(out, served.key(),
                        Latency.millisSince(startNanos), timeline.claimFirstPrediction())));
    }

    /**
     * Recommendations for several users from a served version (resolved once by the caller), queued
     * together, at most {@code zerocold.batch.max-items} ({@code field} names them in that error). A
     * malformed user id, or a failing user, is an error naming its index.
     */
    public CompletableFuture<List<Recommendations>> recommendAll(ServedModel<RecommendQuery, Recommendations> served,
                                                                 List<String> userIds, String field, String category,
                                                                 Integer limit, boolean excludeSeen) {
        inference.checkItems(userIds.size(), field);
        int n = checkedLimit(limit);
        for (int i = 0; i < userIds.size(); i++) {
            if (userIds.get(i) == null || !Interaction.USER_ID.matcher(userIds.get(i)).matches()) {
                throw new InvalidInputException("user " + i + ": user_id " + Interaction.USER_ID_RULE);
            }
        }
        List<RecommendQuery> queries = userIds.stream()
                .map(user -> new RecommendQuery(user, n, excludeSeen, category, interactions.recent(user))).toList();
        return Futures.inOrder(served.submitAll(queries), (index, error) -> error instanceof InvalidInputException invalid
                        ? new InvalidInputException("user " + index + ": " + invalid.getMessage(),
                        served.key().name(), served.key().version()) : error)
                .thenApply(all -> {
                    timeline.claimFirstPrediction();
                    return all;
                });
    }

    /** The model to use when a request names {@code model} (null for the default). */
    public String modelName(String model) {
        return model == null ? config.defaultModel() : model;
    }

    private int checkedLimit(Integer limit) {
        int n = limit == null ? config.defaultLimit() : limit;
        if (n < 1 || n > config.maxLimit()) {
            throw new InvalidInputException("limit must be between 1 and " + config.maxLimit() + ", got " + n);
        }
        return n;
    }
}
