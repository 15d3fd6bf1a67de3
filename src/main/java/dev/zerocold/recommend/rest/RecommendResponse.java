package dev.zerocold.recommend.rest;

import dev.zerocold.common.ModelAnswer;
import dev.zerocold.common.Scores;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.zerocold.recommend.ScoredItem;
import dev.zerocold.recommend.service.Recommendations;

import java.util.List;

/** Answer of {@code POST /api/predict/recommend}; {@code cold_start} only on the process's first prediction. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"recommendations", "strategy", "model", "version", "latencyMs", "coldStart"})
public record RecommendResponse(List<RecommendedItem> recommendations, Recommendations.Strategy strategy,
                                String model, String version, double latencyMs, Boolean coldStart) implements ModelAnswer {

    /** One recommended item; {@code score} is the predicted preference, or the popularity count for {@code popular}. */
    @JsonPropertyOrder({"itemId", "score", "title", "genres"})
    public record RecommendedItem(String itemId, double score, String title, List<String> genres) {

        public static RecommendedItem of(ScoredItem scored) {
            return new RecommendedItem(Integer.toString(scored.item().id()),
                    Scores.fourDecimals(scored.score()), scored.item().title(), scored.item().genres());
        }
    }
}
