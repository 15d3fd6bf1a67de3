package dev.zerocold.runtime.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.zerocold.runtime.text.TokenBatch;
import dev.zerocold.runtime.text.TextTokenizer;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A BERT-style ONNX sentence encoder: token ids in, one pooled (and, as asked, L2-normalised)
 * embedding per text out. The graph's token states ({@code last_hidden_state}, or
 * {@code token_embeddings} as sentence-transformers exports name them) are pooled here; a graph
 * that only returns a pooled {@code sentence_embedding} is used as it is. Texts of similar token length run together ({@link #buckets}), each run padded to its
 * longest sequence, so that a long text does not make every short one in the call pay for its
 * length. Thread-safe: the tokenizer is immutable and the ONNX session supports concurrent runs.
 */
public final class OnnxTextEncoder implements AutoCloseable {

    /** How token states become one sentence vector. */
    public enum Pooling {
        /** Average of the token states, weighted by the attention mask. */
        MEAN,
        /** The state of the first ([CLS]) token. */
        CLS
    }

    private static final double MAX_PADDING_SHARE = 0.25;
    private static final int SHORT_ROW = 16;

    private final OrtEnvironment environment;
    private final OrtSession session;
    private static final List<String> TOKEN_STATES = List.of("last_hidden_state", "token_embeddings");
    private static final String POOLED = "sentence_embedding";

    private final TextTokenizer tokenizer;
    private final int maxLength;
    private final String output;
    private final boolean pooledOutput;
    private volatile boolean rowsAlone;

    /**
     * Takes ownership of {@code session}, which {@link #close()} releases (the tokenizer stays the
     * caller's).
     *
     * @throws IllegalArgumentException if the graph lacks {@code input_ids}
     */
    public OnnxTextEncoder(OnnxRuntime runtime, OrtSession session, TextTokenizer tokenizer, int maxLength)
            throws OrtException {
        this.environment = runtime.environment();
        this.session = session;
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
        if (!session.getInputNames().contains("input_ids")) {
            throw new IllegalArgumentException("the graph has no input_ids input (it has " + session.getInputNames() + ")");
        }
        java.util.Set<String> outputs = session.getOutputNames();
        this.output = TOKEN_STATES.stream().filter(outputs::contains).findFirst()
                .orElse(outputs.contains(POOLED) ? POOLED : outputs.iterator().next());
        this.pooledOutput = output.equals(POOLED);
    }

    /** The tokenizer's limit on ids per text. */
    public int maxLength() {
        return maxLength;
    }

    /** True when the graph pools itself ({@code sentence_embedding}): the pooling asked is not applied. */
    public boolean pooledOutput() {
        return pooledOutput;
    }

    /** One normalised embedding per text, pooled as asked. */
    public float[][] embed(List<String> texts, Pooling pooling) {
        return embed(texts, List.of(pooling)).get(0);
    }

    /** Encodes the texts and pools their states each way asked, in order; one encoder run per length bucket. */
    public List<float[][]> embed(List<String> texts, List<Pooling> poolings) {
        List<long[]> rows = new ArrayList<>(texts.size());
        for (String text : texts) {
            rows.add(tokenizer.encoding(text, maxLength).ids());
        }
        return embedRows(rows, poolings, true);
    }

    /**
     * Encodes rows of token ids (special tokens included, at most {@link #maxLength} each) and pools
     * their states each way asked, in order, L2-normalised when {@code normalise}; one encoder run
     * per length bucket.
     */
    public List<float[][]> embedRows(List<long[]> rows, List<Pooling> poolings, boolean normalise) {
        int[] lengths = new int[rows.size()];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = rows.get(i).length;
        }
        List<float[][]> out = new ArrayList<>(poolings.size());
        for (int p = 0; p < poolings.size(); p++) {
            out.add(new float[rows.size()][]);
        }
        for (int[] bucket : rowsAlone ? alone(rows.size()) : buckets(lengths)) {
            List<long[]> bucketRows = new ArrayList<>(bucket.length);
            for (int i : bucket) {
                bucketRows.add(rows.get(i));
            }
            List<float[][]> pooled = run(tokenizer.pad(bucketRows), poolings, normalise);
            for (int p = 0; p < poolings.size(); p++) {
                for (int j = 0; j < bucket.length; j++) {
                    out.get(p)[bucket[j]] = pooled.get(p)[j];
                }
            }
        }
        return out;
    }

    /**
     * Finds out whether a row's result depends on the other rows of its run, and if so runs every
     * row alone from then on, so that an input always gets the same vector whatever it is batched
     * with. Int8 graphs quantized dynamically do depend on them: {@code DynamicQuantizeLinear}
     * takes one range over the whole activation tensor, padding and other rows included (a short
     * text's vector moved to a cosine of 0.97 when batched with a longer one). Call once, before
     * serving.
     *
     * @return true if rows now run alone
     */
    public boolean isolateRowsIfMixed(long[] shortRow, long[] longRow, Pooling pooling) {
        float[] alone = run(tokenizer.pad(List.of(shortRow)), List.of(pooling), false).get(0)[0];
        float[] together = run(tokenizer.pad(List.of(shortRow, longRow)), List.of(pooling), false).get(0)[0];
        for (int i = 0; i < alone.length; i++) {
            if (Math.abs(alone[i] - together[i]) > 1e-5f * Math.max(1f, Math.abs(alone[i]))) {
                rowsAlone = true;
                return true;
            }
        }
        return false;
    }

    private static List<int[]> alone(int rows) {
        List<int[]> each = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            each.add(new int[] {i});
        }
        return each;
    }

    /**
     * Groups of row indices, shortest rows first, such that padding each group to its longest row
     * wastes at most {@value #MAX_PADDING_SHARE} of its cells, or the group has only rows of at most
     * {@value #SHORT_ROW} tokens (too short for another encoder run to pay off).
     */
    static List<int[]> buckets(int[] lengths) {
        Integer[] order = new Integer[lengths.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> lengths[i]).thenComparingInt(i -> i));
        List<int[]> buckets = new ArrayList<>();
        int start = 0;
        long tokens = 0;
        for (int n = 0; n < order.length; n++) {
            int length = lengths[order[n]];
            long padded = (long) (n - start + 1) * length;
            if (n > start && length > SHORT_ROW && padded - (tokens + length) > MAX_PADDING_SHARE * padded) {
                buckets.add(indices(order, start, n));
                start = n;
                tokens = 0;
            }
            tokens += length;
        }
        if (start < order.length) {
            buckets.add(indices(order, start, order.length));
        }
        return buckets;
    }

    private static int[] indices(Integer[] order, int from, int to) {
        int[] out = new int[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = order[i];
        }
        return out;
    }

    /** Runs the encoder once on a padded batch and pools its states each way asked. */
    private List<float[][]> run(TokenBatch batch, List<Pooling> poolings, boolean normalise) {
        long[] shape = {batch.size(), batch.length()};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            add(inputs, "input_ids", batch.inputIds(), shape);
            add(inputs, "attention_mask", batch.attentionMask(), shape);
            add(inputs, "token_type_ids", batch.tokenTypeIds(), shape);
            try (OrtSession.Result result = session.run(inputs, java.util.Set.of(output))) {
                OnnxTensor states = (OnnxTensor) result.get(0);
                long[] dims = states.getInfo().getShape();
                int hidden = (int) dims[dims.length - 1];
                FloatBuffer buffer = states.getFloatBuffer();
                List<float[][]> pooled = new ArrayList<>(poolings.size());
                for (Pooling pooling : poolings) {
                    float[][] vectors = pooledOutput ? rows(buffer, batch.size(), hidden) : pool(buffer, batch, hidden, pooling);
                    if (normalise) {
                        for (float[] vector : vectors) {
                            normalise(vector);
                        }
                    }
                    pooled.add(vectors);
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
        }
        return vectors;
    }

    private static float[][] rows(FloatBuffer pooled, int size, int hidden) {
        float[][] vectors = new float[size][hidden];
        for (int b = 0; b < size; b++) {
            pooled.get(b * hidden, vectors[b]);
        }
        return vectors;
    }

    /** Scales a vector to unit L2 length (a zero vector stays zero). */
    public static void normalise(float[] vector) {
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
