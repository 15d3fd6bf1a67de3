package dev.zerocold.runtime.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.zerocold.runtime.text.TokenBatch;
import dev.zerocold.runtime.text.WordPieceTokenizer;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A BERT-style ONNX sentence encoder: WordPiece tokens in, one L2-normalised embedding per text
 * out. Batches are padded to their longest sequence, not to the maximum length. Thread-safe: the
 * tokenizer is immutable and the ONNX session supports concurrent runs.
 */
public final class OnnxTextEncoder implements AutoCloseable {

    /** How token states become one sentence vector. */
    public enum Pooling {
        /** Average of the token states, weighted by the attention mask. */
        MEAN,
        /** The state of the first ([CLS]) token. */
        CLS
    }

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final WordPieceTokenizer tokenizer;
    private final int maxLength;
    private final String output;

    /** Takes ownership of {@code session}, which {@link #close()} releases. */
    public OnnxTextEncoder(OnnxRuntime runtime, OrtSession session, WordPieceTokenizer tokenizer, int maxLength)
            throws OrtException {
        this.environment = runtime.environment();
        this.session = session;
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
        this.output = session.getOutputNames().iterator().next();
    }

    /** One normalised embedding per text, pooled as asked. */
    public float[][] embed(List<String> texts, Pooling pooling) {
        return embed(texts, List.of(pooling)).get(0);
    }

    /** Runs the encoder once and pools its states each way asked, in order. */
    public List<float[][]> embed(List<String> texts, List<Pooling> poolings) {
        TokenBatch batch = tokenizer.encodeBatch(texts, maxLength);
        long[] shape = {batch.size(), batch.length()};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            add(inputs, "input_ids", batch.inputIds(), shape);
            add(inputs, "attention_mask", batch.attentionMask(), shape);
            add(inputs, "token_type_ids", batch.tokenTypeIds(), shape);
            try (OrtSession.Result result = session.run(inputs, java.util.Set.of(output))) {
                OnnxTensor states = (OnnxTensor) result.get(0);
                long[] dims = states.getInfo().getShape();
                int hidden = (int) dims[2];
                FloatBuffer buffer = states.getFloatBuffer();
                List<float[][]> pooled = new ArrayList<>(poolings.size());
                for (Pooling pooling : poolings) {
                    pooled.add(pool(buffer, batch, hidden, pooling));
                }
                return pooled;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("encoder inference failed: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private void add(Map<String, OnnxTensor> inputs, String name, long[] values, long[] shape) throws OrtException {
        if (session.getInputNames().contains(name)) {
            inputs.put(name, OnnxTensor.createTensor(environment, LongBuffer.wrap(values), shape));
        }
    }

    private static float[][] pool(FloatBuffer states, TokenBatch batch, int hidden, Pooling pooling) {
        int length = batch.length();
        long[] mask = batch.attentionMask();
        float[][] vectors = new float[batch.size()][hidden];
        for (int b = 0; b < batch.size(); b++) {
            float[] vector = vectors[b];
            int base = b * length * hidden;
            if (pooling == Pooling.CLS) {
                states.get(base, vector);
            } else {
                int tokens = 0;
                for (int t = 0; t < length; t++) {
                    if (mask[b * length + t] == 0) {
                        continue;
                    }
                    tokens++;
                    int offset = base + t * hidden;
                    for (int h = 0; h < hidden; h++) {
                        vector[h] += states.get(offset + h);
                    }
                }
                for (int h = 0; h < hidden; h++) {
                    vector[h] /= Math.max(1, tokens);
                }
            }
            normalise(vector);
        }
        return vectors;
    }

    private static void normalise(float[] vector) {
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        float scale = (float) (1 / Math.max(1e-12, Math.sqrt(norm)));
        for (int i = 0; i < vector.length; i++) {
            vector[i] *= scale;
        }
    }

    @Override
    public void close() {
        OnnxRuntime.close(session);
    }
}
