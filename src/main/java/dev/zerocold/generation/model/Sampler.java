package dev.zerocold.generation.model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Picks one sequence's tokens from its logits: logit bias and frequency/presence penalties, then
 * greedy argmax, or temperature, top-k, top-p (nucleus) and a draw from the sequence's own random
 * generator (seeded: the same seed and logits give the same tokens). Changes the logits row it is
 * given (the row belongs to this sequence). Not thread-safe: one sequence, one scheduler thread.
 */
public final class Sampler {

    private final SamplingParams params;
    private final SplittableRandom random;
    private final Map<Integer, Integer> counts = new HashMap<>();
    private long[] order = new long[0];
    private float[] probabilities = new float[0];

    public Sampler(SamplingParams params) {
        this.params = params;
        this.random = params.seed() == null ? new SplittableRandom() : new SplittableRandom(params.seed());
    }

    /** The next token from {@code logits[offset .. offset + vocabulary)}. */
    public int next(float[] logits, int offset, int vocabulary) {
        adjust(logits, offset, vocabulary);
        int token = params.greedy() ? argmax(logits, offset, vocabulary) : draw(logits, offset, vocabulary);
        counts.merge(token, 1, Integer::sum);
        return token;
    }

    private void adjust(float[] logits, int offset, int vocabulary) {
        for (Map.Entry<Integer, Float> bias : params.logitBias().entrySet()) {
            if (bias.getKey() < vocabulary) {
                logits[offset + bias.getKey()] += bias.getValue();
            }
        }
        if (params.frequencyPenalty() != 0 || params.presencePenalty() != 0) {
            for (Map.Entry<Integer, Integer> seen : counts.entrySet()) {
                logits[offset + seen.getKey()] -= (float) (seen.getValue() * params.frequencyPenalty()
                        + params.presencePenalty());
            }
        }
    }

    static int argmax(float[] logits, int offset, int vocabulary) {
        int best = 0;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < vocabulary; i++) {
            if (logits[offset + i] > max) {
                max = logits[offset + i];
                best = i;
            }
        }
        return best;
    }

    private int draw(float[] logits, int offset, int vocabulary) {
        if (probabilities.length < vocabulary) {
            probabilities = new float[vocabulary];
            order = new long[vocabulary];
        }
        float max = logits[offset + argmax(logits, offset, vocabulary)];
        double inverse = 1.0 / params.temperature();
        double sum = 0;
        for (int i = 0; i < vocabulary; i++) {
            float p = (float) Math.exp((logits[offset + i] - max) * inverse);
            probabilities[i] = p;
            sum += p;
        }
        boolean truncate = (params.topK() > 0 && params.topK() < vocabulary) || params.topP() < 1.0;
        if (!truncate) {
            return pick(random.nextDouble() * sum, vocabulary);
        }
        // Most probable first: the key orders by probability (bits of a non-negative float sort like it), then id.
        for (int i = 0; i < vocabulary; i++) {
            order[i] = ((long) (Integer.MAX_VALUE - Float.floatToIntBits(probabilities[i])) << 32) | i;
        }
        Arrays.sort(order, 0, vocabulary);
        int keep = params.topK() > 0 ? Math.min(params.topK(), vocabulary) : vocabulary;
        double kept = 0;
        double nucleus = params.topP() * sum;
        int n = 0;
        while (n < keep) {
            kept += probabilities[(int) order[n]];
            n++;
            if (kept >= nucleus) {
                break;
            }
        }
        double target = random.nextDouble() * kept;
        for (int i = 0; i < n; i++) {
            int token = (int) order[i];
            target -= probabilities[token];
            if (target < 0) {
                return token;
            }
        }
        return (int) order[n - 1];
    }

    private int pick(double target, int vocabulary) {
        for (int i = 0; i < vocabulary; i++) {
            target -= probabilities[i];
            if (target < 0) {
                return i;
            }
        }
        return vocabulary - 1;
    }
}
