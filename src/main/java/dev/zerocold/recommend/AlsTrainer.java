package dev.zerocold.recommend;

import java.util.Arrays;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * Implicit-feedback alternating least squares after Hu, Koren and Volinsky, "Collaborative
 * Filtering for Implicit Feedback Datasets" (ICDM 2008). Every observed interaction has preference
 * 1 and confidence {@code 1 + alpha * strength}; unobserved pairs have preference 0 and
 * confidence 1. Each sweep solves all user rows with item factors fixed, then all item rows with
 * user factors fixed, rows in parallel. Rows are independent within a half-sweep, so the result is
 * deterministic for a given seed regardless of thread scheduling. Stateless and thread-safe.
 */
public final class AlsTrainer {

    private static final int CHUNK = 32;

    /**
     * Trained factors, row-major: {@code users} is {@code userCount x k}, {@code items} is
     * {@code itemCount x k}. The arrays are handed over to the caller, not copied.
     */
    public record Factors(int k, float[] users, float[] items) {
    }

    private final AlsSettings settings;

    public AlsTrainer(AlsSettings settings) {
        this.settings = settings;
    }

    public Factors train(Interactions data) {
        int k = settings.factors();
        int nUsers = data.users().size();
        int nItems = data.items().size();
        float[] users = new float[nUsers * k];
        float[] items = new float[nItems * k];
        Random random = new Random(settings.seed());
        double scale = 1.0 / Math.sqrt(k);
        for (int i = 0; i < nItems; i++) {
            if (data.itemCount(i) > 0) {
                for (int f = 0; f < k; f++) {
                    items[i * k + f] = (float) (random.nextGaussian() * scale);
                }
            }
        }
        for (int it = 0; it < settings.iterations(); it++) {
            sweep(nUsers, k, items, nItems, users, data::itemsOf, data::strengthsOf);
            sweep(nItems, k, users, nUsers, items, data::usersOf, data::strengthsOfItem);
        }
        return new Factors(k, users, items);
    }

    private void sweep(int rows, int k, float[] fixed, int fixedRows, float[] out,
                       IntFunction<int[]> neighbours,
                       IntFunction<float[]> strengths) {
        double[] gram = NormalEquations.gram(fixed, fixedRows, k);
        int chunks = (rows + CHUNK - 1) / CHUNK;
        IntStream.range(0, chunks).parallel().forEach(chunk -> {
            NormalEquations equations = new NormalEquations(k);
            for (int r = chunk * CHUNK; r < Math.min(rows, (chunk + 1) * CHUNK); r++) {
                int[] idx = neighbours.apply(r);
                if (idx.length == 0) {
                    Arrays.fill(out, r * k, (r + 1) * k, 0f);
                    continue;
                }
                equations.solve(gram, fixed, idx, confidences(strengths.apply(r)), settings.regularization(), out, r * k);
            }
        });
    }

    private double[] confidences(float[] strengths) {
        double[] c = new double[strengths.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = settings.confidence(strengths[i]);
        }
        return c;
    }
}
