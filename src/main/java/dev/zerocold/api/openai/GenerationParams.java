package dev.zerocold.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zerocold.common.InvalidInputException;
import dev.zerocold.generation.model.SamplingParams;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The request fields {@code /v1/completions} and {@code /v1/chat/completions} share, checked as
 * OpenAI's API documents them: {@code temperature} 0..2, {@code top_p} 0..1, penalties -2..2,
 * {@code logit_bias} values -100..100 (at most 300 tokens), {@code n} 1, {@code max_tokens} at
 * least 1, {@code stop} a string or an array of strings; {@code top_k} (an extension, as vLLM's)
 * 0 or -1 for off.
 */
final class GenerationParams {

    static final int MAX_LOGIT_BIAS = 300;

    private GenerationParams() {
    }

    /** Sampling from the request, each absent field from the model's defaults. */
    static SamplingParams sampling(SamplingParams defaults, Double temperature, Double topP, Integer topK, Long seed,
                                   Double frequencyPenalty, Double presencePenalty, Map<String, Double> logitBias,
                                   int vocabulary) {
        double t = temperature == null ? defaults.temperature() : range(temperature, 0, 2, "temperature");
        double p = topP == null ? defaults.topP() : range(topP, 0, 1, "top_p");
        int k = topK == null ? defaults.topK() : topK;
        if (k < -1) {
            throw new InvalidInputException("top_k must be -1 or 0 (off) or a positive number of tokens, not " + k);
        }
        double frequency = frequencyPenalty == null ? 0 : range(frequencyPenalty, -2, 2, "frequency_penalty");
        double presence = presencePenalty == null ? 0 : range(presencePenalty, -2, 2, "presence_penalty");
        return new SamplingParams(t, p, Math.max(k, 0), seed, frequency, presence, bias(logitBias, vocabulary));
    }

    private static double range(double value, double min, double max, String field) {
        if (!(value >= min && value <= max)) {
            throw new InvalidInputException(field + " must be between " + trim(min) + " and " + trim(max) + ", not " + value);
        }
        return value;
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static Map<Integer, Float> bias(Map<String, Double> logitBias, int vocabulary) {
        if (logitBias == null || logitBias.isEmpty()) {
            return Map.of();
        }
        if (logitBias.size() > MAX_LOGIT_BIAS) {
            throw new InvalidInputException("logit_bias has " + logitBias.size() + " tokens; at most " + MAX_LOGIT_BIAS);
        }
        Map<Integer, Float> out = new HashMap<>();
        for (Map.Entry<String, Double> entry : logitBias.entrySet()) {
            int token;
            try {
                token = Integer.parseInt(entry.getKey());
            } catch (NumberFormatException e) {
                throw new InvalidInputException("logit_bias keys must be token ids, not '" + entry.getKey() + "'");
            }
            if (token < 0 || token >= vocabulary) {
                throw new InvalidInputException("logit_bias token " + token + " is not in the model's vocabulary (0 to "
                        + (vocabulary - 1) + ")");
            }
            if (entry.getValue() == null) {
                throw new InvalidInputException("logit_bias[" + token + "] must be a number");
            }
            out.put(token, (float) range(entry.getValue(), -100, 100, "logit_bias[" + token + "]"));
        }
        return out;
    }

    /** {@code n}: only 1 (the default). */
    static void checkN(Integer n) {
        if (n != null && n != 1) {
            throw new InvalidInputException("n must be 1: one choice per request is generated (send " + n
                    + " requests, with different seeds, for " + n + " choices)");
        }
    }

    /** A max-tokens field: absent, or at least 1. */
    static Integer maxTokens(Integer value, String field) {
        if (value != null && value < 1) {
            throw new InvalidInputException(field + " must be at least 1, not " + value);
        }
        return value;
    }

    /** {@code stop}: absent, a string, or an array of strings. */
    static List<String> stop(JsonNode stop) {
        if (stop == null || stop.isNull()) {
            return List.of();
        }
        if (stop.isTextual()) {
            return List.of(stop.textValue());
        }
        if (!stop.isArray()) {
            throw new InvalidInputException("stop must be a string or an array of strings");
        }
        List<String> out = new ArrayList<>(stop.size());
        for (int i = 0; i < stop.size(); i++) {
            if (!stop.get(i).isTextual()) {
                throw new InvalidInputException("stop[" + i + "] must be a string");
            }
            out.add(stop.get(i).textValue());
            if (out.size() > 10_000) {
                break;  // the service refuses the count; no need to read further
            }
        }
        return out;
    }

    /** {@code stream_options}: only with {@code stream: true}; true when it asks for the usage chunk. */
    static boolean includeUsage(boolean stream, CompletionsRequest.StreamOptions options) {
        if (options == null) {
            return false;
        }
        if (!stream) {
            throw new InvalidInputException("stream_options is only allowed when stream is true");
        }
        return Boolean.TRUE.equals(options.includeUsage());
    }

    /** A field this server does not implement, refused unless absent or set to its do-nothing value. */
    static void unsupported(boolean sent, String what) {
        if (sent) {
            throw new InvalidInputException(what + " is not supported by this server");
        }
    }
}
