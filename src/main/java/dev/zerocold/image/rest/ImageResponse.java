package dev.zerocold.image.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.zerocold.common.ModelAnswer;

import java.util.List;

/** Answer of {@code POST /api/predict/image}: the top-k classes, most probable first. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"predictions", "model", "version", "latencyMs", "coldStart"})
public record ImageResponse(List<Prediction> predictions, String model, String version, double latencyMs,
                            Boolean coldStart) implements ModelAnswer {

    /** One class and its probability. */
    @JsonPropertyOrder({"label", "confidence"})
    public record Prediction(String label, double confidence) {
    }
}
