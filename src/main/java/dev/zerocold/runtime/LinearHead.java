package dev.zerocold.runtime;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A softmax classifier over a feature vector: {@code p = softmax(W x + b)}, one row of W per label.
 * A binary logistic regression is the case of two labels with the first row all zeros.
 * Immutable and thread-safe; stored as JSON ({@code labels}, {@code weights}, {@code bias}).
 */
@RegisterForReflection  // bound or written by Jackson by reflection, also in a native image
public record LinearHead(List<String> labels, float[][] weights, float[] bias) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public LinearHead {
        labels = List.copyOf(labels);
        if (weights.length != labels.size() || bias.length != labels.size()) {
            throw new IllegalArgumentException("head needs one weight row and one bias per label");
        }
    }

    public int dimension() {
        return weights[0].length;
    }

    public ClassScores apply(float[] features) {
        if (features.length != dimension()) {
            throw new IllegalArgumentException("expected " + dimension() + " features, got " + features.length);
        }
        float[] logits = new float[bias.length];
        for (int k = 0; k < logits.length; k++) {
            float[] row = weights[k];
            double sum = bias[k];
            for (int i = 0; i < row.length; i++) {
                sum += row[i] * features[i];
            }
            logits[k] = (float) sum;
        }
        return new ClassScores(labels, ClassScores.softmax(logits));
    }

    public static LinearHead read(InputStream json) throws IOException {
        return JSON.readValue(json, LinearHead.class);
    }

    public void write(Path file) throws IOException {
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
    }
}
