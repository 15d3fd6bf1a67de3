package dev.zerocold.sentiment.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.zerocold.common.ModelAnswer;

import java.util.List;
import java.util.Map;

/**
 * Answer of {@code POST /api/predict/sentiment}. {@code probabilities} and {@code sentences} are
 * present only for detailed requests; {@code cold_start} only on the process's first prediction.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"sentiment", "confidence", "score", "probabilities", "sentences", "model", "version",
    "latencyMs", "coldStart"})
public record SentimentResponse(String sentiment, double confidence, double score,
                                Map<String, Double> probabilities, List<SentenceSentiment> sentences,
                                String model, String version, double latencyMs, Boolean coldStart) implements ModelAnswer {

    /** The sentiment of one sentence of a detailed request. */
    @JsonPropertyOrder({"text", "sentiment", "confidence", "score"})
    public record SentenceSentiment(String text, String sentiment, double confidence, double score) {
    }
}
