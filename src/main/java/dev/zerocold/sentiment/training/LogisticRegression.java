package dev.zerocold.sentiment.training;

/**
 * L2-regularised binary logistic regression fitted by Newton's method (exact Hessian, Cholesky
 * solve), which converges in a few iterations on a few hundred features. Deterministic.
 */
public final class LogisticRegression {

    private LogisticRegression() {
    }

    /**
     * Fits {@code P(y=1|x) = sigmoid(w·x + b)}; the bias is not regularised.
     *
     * @return {@code d + 1} values: the weights, then the bias
     */
    public static double[] fit(float[][] x, boolean[] y, double lambda) {
        int n = x.length;
        int d = x[0].length;
        int p = d + 1;
        double[] w = new double[p];
        for (int iteration = 0; iteration < 50; iteration++) {
            double[] gradient = new double[p];
            double[][] hessian = new double[p][p];
            for (int i = 0; i < n; i++) {
                double prob = sigmoid(dot(w, x[i]));
                double error = prob - (y[i] ? 1 : 0);
                double weight = Math.max(prob * (1 - prob), 1e-10);
                for (int a = 0; a < p; a++) {
                    double xa = a < d ? x[i][a] : 1;
                    gradient[a] += error * xa;
                    for (int b = 0; b <= a; b++) {
                        hessian[a][b] += weight * xa * (b < d ? x[i][b] : 1);
                    }
                }
            }
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < a; b++) {
                    hessian[b][a] = hessian[a][b];
                }
                if (a < d) {
                    gradient[a] += lambda * n * w[a];
                    hessian[a][a] += lambda * n;
                } else {
                    hessian[a][a] += 1e-9;
                }
            }
            double[] step = choleskySolve(hessian, gradient);
            double change = 0;
            for (int a = 0; a < p; a++) {
                w[a] -= step[a];
                change = Math.max(change, Math.abs(step[a]));
            }
            if (change < 1e-7) {
                break;
            }
        }
        return w;
    }

    public static double probability(double[] model, float[] x) {
        return sigmoid(dot(model, x));
    }

    private static double dot(double[] w, float[] x) {
        double sum = w[x.length];
        for (int i = 0; i < x.length; i++) {
            sum += w[i] * x[i];
        }
        return sum;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** Solves A s = g for symmetric positive-definite A. */
    private static double[] choleskySolve(double[][] a, double[] g) {
        int n = g.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                l[i][j] = i == j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / l[j][j];
            }
        }
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = g[i];
            for (int k = 0; k < i; k++) {
                sum -= l[i][k] * z[k];
            }
            z[i] = sum / l[i][i];
        }
        double[] s = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double sum = z[i];
            for (int k = i + 1; k < n; k++) {
                sum -= l[k][i] * s[k];
            }
            s[i] = sum / l[i][i];
        }
        return s;
    }
}
