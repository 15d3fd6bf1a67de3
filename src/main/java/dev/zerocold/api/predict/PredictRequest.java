package dev.zerocold.api.predict;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Body of {@code POST /predict/{name}}: {@code inputs} shaped by the model's task (a text or a list
 * of texts for sentiment; a base64 image or a list for image; a user id or a list for recommend);
 * {@code version} and {@code routing_key} optional; {@code parameters} per task ({@code top_k} for
 * images; {@code limit}, {@code category}, {@code exclude_seen} for recommend).
 */
public record PredictRequest(JsonNode inputs, String version, String routingKey, Parameters parameters) {

    /** Task options. */
    public record Parameters(Integer topK, Integer limit, String category, Boolean excludeSeen) {
    }
}
