package dev.zerocold.recommend;

import java.util.Arrays;

/**
 * One row update of implicit ALS (Hu, Koren, Volinsky 2008): given the fixed factors {@code Y} of
 * the other side and the precomputed Gram matrix {@code YtY}, solves
 * {@code (YtY + Yt (Cu - I) Y + lambda I) x = Yt Cu p} where {@code p} is 1 on the row's
 * interactions, by Cholesky decomposition {@code A = Ut U}. Matrices are row-major and only their
 * upper triangle is used, so every inner loop is a contiguous axpy. Instances hold scratch
 * buffers: not thread-safe, use one per thread.
 */
final class NormalEquations {

    private final int k;
    private final double[] a;
    private final double[] b;
    private final double[] y;

    NormalEquations(int k) {
        this.k = k;
        this.a = new double[k * k];
        this.b = new double[k];
        this.y = new double[k];
    }

    /** Row-major {@code YtY} (upper triangle filled) of the first {@code rows} rows of {@code factors}. */
    static double[] gram(float[] factors, int rows, int k) {
        double[] g = new double[k * k];
        double[] y = new double[k];
        for (int r = 0; r < rows; r++) {
            for (int f = 0; f < k; f++) {
                y[f] = factors[r * k + f];
            }
            addOuter(g, y, 1, k);
        }
        return g;
    }

    /**
     * Solves one row.
     *
     * @param gram        {@code YtY} as returned by {@link #gram(float[], int, int)}
     * @param others      fixed factors of the other side, row-major
     * @param indices     rows of {@code others} this row interacted with
     * @param confidences confidence {@code c >= 1} per interaction
     * @param out         receives the solution at {@code outOffset}
     */
    void solve(double[] gram, float[] others, int[] indices, double[] confidences, double lambda,
               float[] out, int outOffset) {
        System.arraycopy(gram, 0, a, 0, k * k);
        Arrays.fill(b, 0);
        for (int n = 0; n < indices.length; n++) {
            int off = indices[n] * k;
            double c = confidences[n];
            for (int f = 0; f < k; f++) {
                y[f] = others[off + f];
                b[f] += c * y[f];
            }
            addOuter(a, y, c - 1, k);
        }
        for (int i = 0; i < k; i++) {
            a[i * k + i] += lambda;
        }
        factorize();
        substitute();
        for (int i = 0; i < k; i++) {
            out[outOffset + i] = (float) b[i];
        }
    }

    /** {@code m += w * v vt} on the upper triangle. */
    private static void addOuter(double[] m, double[] v, double w, int k) {
        for (int i = 0; i < k; i++) {
            double wvi = w * v[i];
            int row = i * k;
            for (int j = i; j < k; j++) {
                m[row + j] += wvi * v[j];
            }
        }
    }

    /** In-place {@code A = Ut U}, right-looking: U replaces the upper triangle of {@code a}. */
    private void factorize() {
        for (int j = 0; j < k; j++) {
            int rj = j * k;
            double d = a[rj + j];
            if (!(d > 0)) {
                throw new ArithmeticException("normal equations not positive definite (regularization too small?)");
            }
            double u = Math.sqrt(d);
            double inv = 1 / u;
            a[rj + j] = u;
            for (int p = j + 1; p < k; p++) {
                a[rj + p] *= inv;
                y[p] = a[rj + p];
            }
            for (int i = j + 1; i < k; i++) {
                double uji = y[i];
                int ri = i * k;
                for (int p = i; p < k; p++) {
                    a[ri + p] -= uji * y[p];
                }
            }
        }
    }

    /** Solves {@code Ut z = b} then {@code U x = z}, in place in {@code b}. */
    private void substitute() {
        for (int i = 0; i < k; i++) {
            int ri = i * k;
            double zi = b[i] / a[ri + i];
            b[i] = zi;
            for (int p = i + 1; p < k; p++) {
                b[p] -= a[ri + p] * zi;
            }
        }
        for (int i = k - 1; i >= 0; i--) {
            int ri = i * k;
            double s = b[i];
            for (int p = i + 1; p < k; p++) {
                s -= a[ri + p] * b[p];
            }
            b[i] = s / a[ri + i];
        }
    }
}
