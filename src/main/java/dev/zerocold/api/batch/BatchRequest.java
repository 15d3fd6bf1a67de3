package dev.zerocold.api.batch;

import java.util.List;

/**
 * Body of {@code POST /api/predict/batch}: exactly one of {@code texts} (for a sentiment model) or
 * {@code images} (base64, for an image model); {@code model}/{@code version} optional (the task's
 * default model); {@code top_k} for images (default 5, capped by the model's classes).
 */
public record BatchRequest(List<String> texts, List<String> images, String model, String version, Integer topK) {
}
