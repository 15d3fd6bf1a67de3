package dev.zerocold.sentiment.rest;

import jakarta.validation.constraints.NotBlank;

/**
 * Body of {@code POST /api/predict/sentiment}. {@code model} and {@code version} are optional:
 * by default the model named by {@code zerocold.sentiment.default-model}, its default version.
 */
public record SentimentRequest(@NotBlank String text, Options options, String model, String version,
                               String routingKey) {

    /** Per-request options. */
    public record Options(boolean detailed) {
    }

    /** This request with {@code header} (the {@code X-Routing-Key} header) as its routing key when it is set. */
    public SentimentRequest routedBy(String header) {
        return header == null ? this : new SentimentRequest(text, options, model, version, header);
    }

    public boolean detailed() {
        return options != null && options.detailed();
    }
}
