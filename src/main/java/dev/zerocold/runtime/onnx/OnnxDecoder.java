package dev.zerocold.runtime.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.zerocold.runtime.serving.BatchDecoder;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A decoder-only language model in the Hugging Face ONNX layout (optimum and transformers.js):
 * inputs {@code input_ids}, {@code attention_mask}, {@code position_ids} (optional) and
 * {@code past_key_values.{i}.key/.value} [batch, heads, past, head_dim]; outputs {@code logits}
 * [batch, sequence, vocab] and {@code present.{i}.key/.value}. {@link #layout} reads the layout from
 * the graph and refuses, with the reason, what is not it.
 *
 * <p>The running batch's key/value cache lives in direct buffers this class owns, left-padded to the
 * longest row ([batch, heads, length, head_dim] per layer, the attention mask marking padding).
 * ONNX Runtime writes each step's {@code present} into the spare set of buffers (pinned outputs),
 * which then becomes the next step's {@code past}: a decode step copies no cache. Only
 * {@link #regroup} (rows leaving or joining) copies rows. Buffers only grow, up to
 * {@code maxRows × context} tokens.
 *
 * <p>Not thread-safe: one scheduler thread drives it.
 */
public final class OnnxDecoder implements BatchDecoder {

    /** What the graph takes: layer count, key/value heads and width, vocabulary, position ids or not. */
    public record Layout(int layers, int kvHeads, int headDim, int vocabulary, boolean positionIds) {

        /** Bytes of cache one token takes in every layer (keys and values, float32). */
        public long kvBytesPerToken() {
            return 2L * layers * kvHeads * headDim * Float.BYTES;
        }
    }

    private final OrtSession session;
    private final OrtEnvironment environment;
    private final Layout layout;
    private final int context;
    private final String[] pastNames;
    private final String[] presentNames;
    /** The running batch: rows, their lengths (real tokens, right-aligned in {@code width}). */
    private final List<Integer> lengths = new ArrayList<>();
    private int width;
    private Bank current = new Bank();
    private Bank spare = new Bank();
    /** Prefilled sequences waiting to join, by id: their cache, one row each. */
    private final Map<Long, Prefilled> prefilled = new HashMap<>();
    private FloatBuffer logits = FloatBuffer.allocate(0);

    /**
     * Takes ownership of the session.
     *
     * @param context the model's longest sequence ({@code n_positions} or {@code max_position_embeddings})
     */
    public OnnxDecoder(OrtEnvironment environment, OrtSession session, int vocabulary, int context) {
        this.environment = environment;
        this.session = session;
        try {
            this.layout = layout(session, vocabulary);
        } catch (IllegalArgumentException e) {
            OnnxRuntime.close(session);
            throw e;
        }
        this.context = context;
        this.pastNames = new String[2 * layout.layers()];
        this.presentNames = new String[2 * layout.layers()];
        for (int i = 0; i < layout.layers(); i++) {
            pastNames[2 * i] = "past_key_values." + i + ".key";
            pastNames[2 * i + 1] = "past_key_values." + i + ".value";
            presentNames[2 * i] = "present." + i + ".key";
            presentNames[2 * i + 1] = "present." + i + ".value";
        }
    }

    /**
     * The decoder layout of a graph.
     *
     * @throws IllegalArgumentException naming what is missing or different
     */
    public static Layout layout(OrtSession session, int vocabulary) {
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            for (String name : List.of("input_ids", "attention_mask")) {
                requireType(inputs, name, OnnxJavaType.INT64, "input");
            }
            boolean positions = inputs.containsKey("position_ids");
            if (positions) {
                requireType(inputs, "position_ids", OnnxJavaType.INT64, "input");
            }
            requireType(outputs, "logits", OnnxJavaType.FLOAT, "output");
            int layers = 0;
            while (inputs.containsKey("past_key_values." + layers + ".key")) {
                layers++;
            }
            if (layers == 0) {
                throw new IllegalArgumentException("the graph has no past_key_values.0.key input: export it with "
                        + "its key/value cache (optimum's text-generation-with-past, or use_cache=True)");
            }
            int heads = -1;
            int headDim = -1;
            for (int i = 0; i < layers; i++) {
                for (String kind : List.of("key", "value")) {
                    long[] shape = requireType(inputs, "past_key_values." + i + "." + kind, OnnxJavaType.FLOAT, "input");
                    requireType(outputs, "present." + i + "." + kind, OnnxJavaType.FLOAT, "output");
                    if (shape.length != 4 || shape[1] <= 0 || shape[3] <= 0) {
                        throw new IllegalArgumentException("past_key_values." + i + "." + kind
                                + " must be [batch, heads, past, head_dim] with fixed heads and head_dim, not "
                                + java.util.Arrays.toString(shape));
                    }
                    if (heads >= 0 && (shape[1] != heads || shape[3] != headDim)) {
                        throw new IllegalArgumentException("layers differ in heads or head_dim");
                    }
                    heads = (int) shape[1];
                    headDim = (int) shape[3];
                }
            }
            int expected = 3 + 2 * layers - (positions ? 0 : 1);
            if (inputs.size() != expected) {
                throw new IllegalArgumentException("the graph takes inputs " + inputs.keySet()
                        + "; a decoder takes input_ids, attention_mask, position_ids and past_key_values.{i}.key/.value");
            }
            long[] logits = ((TensorInfo) outputs.get("logits").getInfo()).getShape();
            if (logits.length != 3 || (logits[2] > 0 && logits[2] != vocabulary)) {
                throw new IllegalArgumentException("logits must be [batch, sequence, " + vocabulary + "], not "
                        + java.util.Arrays.toString(logits));
            }
            return new Layout(layers, heads, headDim, vocabulary, positions);
        } catch (OrtException e) {
            throw new IllegalArgumentException("could not read the graph's inputs and outputs: " + e.getMessage(), e);
        }
    }

    private static long[] requireType(Map<String, NodeInfo> nodes, String name, OnnxJavaType type, String kind) {
        NodeInfo node = nodes.get(name);
        if (node == null) {
            throw new IllegalArgumentException("the graph has no " + kind + " '" + name + "' (it has " + nodes.keySet() + ")");
        }
        if (!(node.getInfo() instanceof TensorInfo info) || info.type != type) {
            throw new IllegalArgumentException(kind + " '" + name + "' must be a " + type + " tensor, not " + node.getInfo());
        }
        return info.getShape();
    }

    public Layout layout() {
        return layout;
    }

    @Override
    public int vocabulary() {
        return layout.vocabulary();
    }

    @Override
    public int context() {
        return context;
    }

    @Override
    public long kvBytesPerToken() {
        return layout.kvBytesPerToken();
    }

    @Override
    public int rows() {
        return lengths.size();
    }

    @Override
    public float[] prefill(long id, long[] prompt) {
        int n = prompt.length;
        if (n == 0 || n > context) {
            throw new IllegalArgumentException("a prompt of " + n + " tokens for a context of " + context);
        }
        Bank empty = new Bank();
        Bank out = new Bank();
        out.ensure(layout, (long) n);
        long[] positions = new long[n];
        long[] mask = new long[n];
        for (int i = 0; i < n; i++) {
            positions[i] = i;
            mask[i] = 1;
        }
        float[] next = run(prompt, mask, positions, 1, n, 0, empty, out);
        prefilled.put(id, new Prefilled(out, n));
        return next;
    }

    @Override
    public float[] decode(long[] tokens) {
        int rows = lengths.size();
        if (tokens.length != rows || rows == 0) {
            throw new IllegalArgumentException(tokens.length + " tokens for " + rows + " rows");
        }
        int total = width + 1;
        long[] mask = new long[rows * total];
        long[] positions = new long[rows];
        for (int r = 0; r < rows; r++) {
            int length = lengths.get(r);
            if (length + 1 > context) {
                throw new IllegalStateException("row " + r + " is at the model's context of " + context);
            }
            java.util.Arrays.fill(mask, r * total + (width - length), (r + 1) * total, 1L);
            positions[r] = length;
        }
        spare.ensure(layout, (long) rows * total);
        float[] next = run(tokens, mask, positions, rows, 1, width, current, spare);
        Bank used = current;
        current = spare;
        spare = used;
        width = total;
        for (int r = 0; r < rows; r++) {
            lengths.set(r, lengths.get(r) + 1);
        }
        return next;
    }

    @Override
    public void regroup(int[] keep, long[] joining) {
        int newWidth = 0;
        for (int r : keep) {
            newWidth = Math.max(newWidth, lengths.get(r));
        }
        List<Prefilled> joiners = new ArrayList<>(joining.length);
        for (long id : joining) {
            Prefilled p = prefilled.remove(id);
            if (p == null) {
                throw new IllegalArgumentException("sequence " + id + " was not prefilled");
            }
            joiners.add(p);
            newWidth = Math.max(newWidth, p.length());
        }
        int rows = keep.length + joiners.size();
        spare.ensure(layout, (long) rows * newWidth);
        List<Integer> newLengths = new ArrayList<>(rows);
        for (int b = 0; b < keep.length; b++) {
            int length = lengths.get(keep[b]);
            copyRow(current, keep[b], width, length, spare, b, newWidth);
            newLengths.add(length);
        }
        for (int j = 0; j < joiners.size(); j++) {
            Prefilled p = joiners.get(j);
            copyRow(p.bank(), 0, p.length(), p.length(), spare, keep.length + j, newWidth);
            newLengths.add(p.length());
        }
        Bank used = current;
        current = spare;
        spare = used;
        width = newWidth;
        lengths.clear();
        lengths.addAll(newLengths);
    }

    @Override
    public void forget(long id) {
        prefilled.remove(id);
    }

    /** Copies row {@code from} of a [rows, heads, width, dim] bank into row {@code to} of another, right-aligned, zero padded. */
    private void copyRow(Bank source, int from, int sourceWidth, int length, Bank target, int to, int targetWidth) {
        int heads = layout.kvHeads();
        int dim = layout.headDim();
        for (int t = 0; t < source.buffers.length; t++) {
            FloatBuffer src = source.buffers[t];
            FloatBuffer dst = target.buffers[t];
            for (int h = 0; h < heads; h++) {
                int srcStart = ((from * heads + h) * sourceWidth + (sourceWidth - length)) * dim;
                int dstRow = (to * heads + h) * targetWidth * dim;
                int pad = (targetWidth - length) * dim;
                for (int i = 0; i < pad; i++) {
                    dst.put(dstRow + i, 0f);
                }
                dst.put(dstRow + pad, src, srcStart, length * dim);
            }
        }
    }

    /** One graph run; returns the last position's logits of every row ([rows × vocab]). */
    private float[] run(long[] ids, long[] mask, long[] positions, int rows, int sequence, int past, Bank pastBank,
                        Bank presentBank) {
        int vocab = layout.vocabulary();
        int total = past + sequence;
        long logitCount = (long) rows * sequence * vocab;
        if (logits.capacity() < logitCount) {
            logits = direct(logitCount);
        }
        List<OnnxTensor> created = new ArrayList<>(4 + 4 * layout.layers());
        try {
            Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
            inputs.put("input_ids", keep(created, OnnxTensor.createTensor(environment, LongBuffer.wrap(ids),
                    new long[] {rows, sequence})));
            inputs.put("attention_mask", keep(created, OnnxTensor.createTensor(environment, LongBuffer.wrap(mask),
                    new long[] {rows, total})));
            if (layout.positionIds()) {
                inputs.put("position_ids", keep(created, OnnxTensor.createTensor(environment, LongBuffer.wrap(positions),
                        new long[] {rows, sequence})));
            }
            Map<String, OnnxValue> outputs = new HashMap<>();
            outputs.put("logits", keep(created, OnnxTensor.createTensor(environment, slice(logits, logitCount),
                    new long[] {rows, sequence, vocab})));
            long[] pastShape = {rows, layout.kvHeads(), past, layout.headDim()};
            long[] presentShape = {rows, layout.kvHeads(), total, layout.headDim()};
            long pastFloats = (long) rows * layout.kvHeads() * past * layout.headDim();
            long presentFloats = (long) rows * layout.kvHeads() * total * layout.headDim();
            for (int t = 0; t < pastNames.length; t++) {
                FloatBuffer pastData = past == 0 ? direct(0) : slice(pastBank.buffers[t], pastFloats);
                inputs.put(pastNames[t], keep(created, OnnxTensor.createTensor(environment, pastData, pastShape)));
                outputs.put(presentNames[t], keep(created, OnnxTensor.createTensor(environment,
                        slice(presentBank.buffers[t], presentFloats), presentShape)));
            }
            session.run(inputs, outputs).close();
            float[] next = new float[rows * vocab];
            for (int r = 0; r < rows; r++) {
                logits.get((int) (((long) r * sequence + sequence - 1) * vocab), next, r * vocab, vocab);
            }
            return next;
        } catch (OrtException e) {
            throw new IllegalStateException("decoder step failed: " + e.getMessage(), e);
        } finally {
            created.forEach(OnnxTensor::close);
        }
    }

    private static OnnxTensor keep(List<OnnxTensor> created, OnnxTensor tensor) {
        created.add(tensor);
        return tensor;
    }

    private static FloatBuffer slice(FloatBuffer buffer, long floats) {
        return buffer.duplicate().position(0).limit((int) floats).slice();
    }

    private static FloatBuffer direct(long floats) {
        if (floats > Integer.MAX_VALUE / Float.BYTES) {
            throw new IllegalStateException("a cache buffer of " + floats + " floats is too large");
        }
        return ByteBuffer.allocateDirect((int) floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** One set of cache buffers, a key and a value buffer per layer, grown on demand. */
    private static final class Bank {
        FloatBuffer[] buffers = new FloatBuffer[0];

        /** Room for {@code tokens} tokens of every row in every buffer; grows by half again to limit reallocation. */
        void ensure(Layout layout, long tokens) {
            long floats = tokens * layout.kvHeads() * layout.headDim();
            if (buffers.length == 2 * layout.layers() && buffers[0].capacity() >= floats) {
                return;
            }
            long grown = Math.max(floats, buffers.length == 0 ? floats : buffers[0].capacity() + buffers[0].capacity() / 2);
            buffers = new FloatBuffer[2 * layout.layers()];
            for (int t = 0; t < buffers.length; t++) {
                buffers[t] = direct(grown);
            }
        }
    }

    private record Prefilled(Bank bank, int length) {
    }

    @Override
    public void close() {
        OnnxRuntime.close(session);
    }
}
