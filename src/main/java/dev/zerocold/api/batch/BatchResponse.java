package dev.zerocold.api.batch;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.zerocold.common.ModelAnswer;

import java.util.List;

/**
 * Answer of {@code POST /api/predict/batch}: one result per item, in input order. A text's result
 * is {@code {sentiment, confidence, score}}, an image's {@code {predictions: [{label, confidence}]}}.
 */
@JsonPropertyOrder({"results", "model", "version", "count", "latencyMs"})
public record BatchResponse(List<?> results, String model, String version, int count, double latencyMs)
        implements ModelAnswer {
}
