package dev.zerocold.api.batch;

import java.util.List;

/**
 * Body of {@code POST /api/predict/batch}: exactly one of {@code texts} (for a sentiment model) or
 * {@code images} (base64, for an image model); {@code model}/{@code version} optional (the task's
 * default model); {@code top_k} for images (default 5, capped by the model's classes).
 */
public record BatchRequest(List<String> texts, List<String> images, String model, String version, Integer topK,
                           String routingKey) {

    /** This request with {@code header} (the {@code X-Routing-Key} header) as its routing key when it is set. */
    public BatchRequest routedBy(String header) {
        return header == null ? this : new BatchRequest(texts, images, model, version, topK, header);
    }
}
