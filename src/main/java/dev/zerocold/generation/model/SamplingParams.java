package dev.zerocold.generation.model;

import java.util.Map;

/**
 * How one request picks its tokens, as OpenAI's API names it: {@code temperature} 0 is greedy
 * (argmax); {@code topK} 0 is off; {@code seed} null draws a random one; penalties apply to
 * the tokens generated so far ({@code logit -= count × frequency + (count > 0) × presence});
 * {@code logitBias} adds to a token's logit.
 */
public record SamplingParams(double temperature, double topP, int topK, Long seed, double frequencyPenalty,
                             double presencePenalty, Map<Integer, Float> logitBias) {

    /** Greedy decoding, no penalties. */
    public static final SamplingParams GREEDY = new SamplingParams(0, 1, 0, null, 0, 0, Map.of());

    public SamplingParams {
        logitBias = logitBias == null ? Map.of() : Map.copyOf(logitBias);
    }

    public boolean greedy() {
        return temperature == 0;
    }
}
