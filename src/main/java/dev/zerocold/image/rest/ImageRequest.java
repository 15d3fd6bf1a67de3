package dev.zerocold.image.rest;

/**
 * JSON body of {@code POST /api/predict/image}: exactly one of {@code image} (base64 PNG/JPEG/GIF/BMP)
 * or {@code image_url}; {@code top_k} and {@code model}/{@code version} optional.
 */
public record ImageRequest(String image, String imageUrl, Integer topK, String model, String version,
                           String routingKey) {
}
