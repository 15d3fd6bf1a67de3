package dev.zerocold.sentiment;

import jakarta.validation.constraints.NotBlank;

/**
 * Body of {@code POST /api/predict/sentiment}. {@code model} and {@code version} are optional:
 * by default the model named by {@code zerocold.sentiment.default-model}, its default version.
 */
public record SentimentRequest(@NotBlank String text, Options options, String model, String version) {

    /** Per-request options. */
    public record Options(boolean detailed) {
    }

    public boolean detailed() {
        return options != null && options.detailed();
    }
}
