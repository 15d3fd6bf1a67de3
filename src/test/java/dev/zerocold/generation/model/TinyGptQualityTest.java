package dev.zerocold.generation.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zerocold.runtime.onnx.OnnxRuntime;
import dev.zerocold.runtime.text.DecoderTokenizer;
import org.junit.jupiter.api.Test;

import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The served tinygpt (its ONNX graph and tokenizer.json, as zerocold loads them) on held-out text it
 * never saw (models/datasets/linux-doc-heldout): bits per byte close to what training measured on
 * the whole held-out set (metrics.json), far below a model that knows nothing (12 bits a token).
 */
class TinyGptQualityTest {

    private static final Path FOLDER = Path.of("models/tinygpt/1");
    private static final int CONTEXT = 256;

    @Test
    void heldOutBitsPerByteMatchTraining() throws Exception {
        String text = Files.readString(Path.of("models/datasets/linux-doc-heldout/sample.txt"));
        double bytes = text.getBytes(StandardCharsets.UTF_8).length;
        double trained = new ObjectMapper().readTree(FOLDER.resolve("metrics.json").toFile())
                .path("held_out_bits_per_byte").asDouble();
        long[] ids;
        try (DecoderTokenizer tokenizer = DecoderTokenizer.of(Files.readAllBytes(FOLDER.resolve("tokenizer.json")))) {
            ids = tokenizer.encode(text, false);
        }
        OnnxRuntime runtime = new OnnxRuntime(0, 1);
        double nats = 0;
        try (OrtSession session = runtime.createSession(Files.readAllBytes(FOLDER.resolve("onnx/model.onnx")))) {
            for (int start = 0; start + 1 < ids.length; start += CONTEXT) {
                int n = Math.min(CONTEXT, ids.length - 1 - start);
                nats += windowNats(runtime.environment(), session, ids, start, n);
            }
        }
        double bitsPerByte = nats / Math.log(2) / bytes;
        System.out.printf("tinygpt held-out sample: %.4f bits per byte over %d tokens (training's held-out set: %.4f)%n",
                bitsPerByte, ids.length, trained);
        assertTrue(Math.abs(bitsPerByte - trained) < 0.35, bitsPerByte + " bits per byte, training measured " + trained);
        assertTrue(bitsPerByte < 0.6 * 12 * ids.length / bytes, "far better than uniform over 4,096 tokens");
    }

    /** Negative log-likelihood of ids[start+1 .. start+n] given what precedes each within the window. */
    private static double windowNats(OrtEnvironment env, OrtSession session, long[] ids, int start, int n) throws Exception {
        long[] input = new long[n];
        long[] mask = new long[n];
        long[] positions = new long[n];
        for (int i = 0; i < n; i++) {
            input[i] = ids[start + i];
            mask[i] = 1;
            positions[i] = i;
        }
        Map<String, OnnxTensor> feed = new HashMap<>();
        long[] shape = {1, n};
        feed.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(input), shape));
        feed.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
        feed.put("position_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(positions), shape));
        for (String name : session.getInputNames()) {
            if (name.startsWith("past_key_values.")) {
                feed.put(name, OnnxTensor.createTensor(env, java.nio.FloatBuffer.allocate(0), new long[] {1, 4, 0, 64}));
            }
        }
        try (OrtSession.Result result = session.run(feed)) {
            float[][][] logits = (float[][][]) result.get("logits").orElseThrow().getValue();
            double nats = 0;
            for (int i = 0; i < n; i++) {
                float[] row = logits[0][i];
                double max = Double.NEGATIVE_INFINITY;
                for (float v : row) {
                    max = Math.max(max, v);
                }
                double sum = 0;
                for (float v : row) {
                    sum += Math.exp(v - max);
                }
                nats += max + Math.log(sum) - row[(int) ids[start + i + 1]];
            }
            return nats;
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }
}
