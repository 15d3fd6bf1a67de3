package dev.zerocold.runtime.onnx;

import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decoder's cache handling on tinygpt: a sequence decoded in a batch, left-padded next to longer
 * and shorter rows that join and leave, gets the logits it gets alone; graphs of another layout are
 * refused with the reason.
 */
class OnnxDecoderTest {

    private static final Path GRAPH = Path.of("models/tinygpt/1/onnx/model.onnx");
    private static final int VOCABULARY = 4096;
    private static OnnxRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = new OnnxRuntime(1, 1);
    }

    @AfterAll
    static void stop() {
        // the environment is shared for the process
    }

    private static OnnxDecoder decoder() throws Exception {
        return new OnnxDecoder(runtime.environment(), runtime.createSession(Files.readAllBytes(GRAPH)), VOCABULARY, 256);
    }

    @Test
    void prefillAndDecodeAgreeAndEqualRowsAgree() throws Exception {
        long[] a = {10, 20, 30, 40, 50};
        float[] alone;
        try (OnnxDecoder d = decoder()) {
            d.prefill(1, a);
            d.regroup(new int[0], new long[] {1});
            alone = d.decode(new long[] {60});
        }
        try (OnnxDecoder d = decoder()) {
            float[] pre = d.prefill(1, new long[] {10, 20, 30, 40, 50, 60});
            assertClose(alone, pre, VOCABULARY, "prefill of 6 vs prefill 5 + decode");
        }
        try (OnnxDecoder d = decoder()) {
            d.prefill(1, a);
            d.prefill(2, a);
            d.regroup(new int[0], new long[] {1, 2});
            float[] two = d.decode(new long[] {60, 60});
            assertClose(alone, two, VOCABULARY, "two equal rows");
        }
    }

    @Test
    void theLayoutIsReadFromTheGraph() throws Exception {
        try (OnnxDecoder decoder = decoder()) {
            assertEquals(new OnnxDecoder.Layout(4, 4, 64, VOCABULARY, true), decoder.layout());
            assertEquals(8192, decoder.kvBytesPerToken());
        }
    }

    @Test
    void aRowInAMixedBatchGetsTheLogitsItGetsAlone() throws Exception {
        long[] a = {10, 20, 30, 40, 50};
        long[] b = {7, 8};
        long[] c = {100, 200, 300, 400, 500, 600, 700, 800};
        float[][] alone = new float[4][];
        try (OnnxDecoder decoder = decoder()) {
            decoder.prefill(1, a);
            decoder.regroup(new int[0], new long[] {1});
            long token = 60;
            for (int step = 0; step < 4; step++) {
                alone[step] = decoder.decode(new long[] {token++});
            }
        }
        try (OnnxDecoder decoder = decoder()) {
            decoder.prefill(2, b);
            decoder.regroup(new int[0], new long[] {2});
            decoder.decode(new long[] {9});
            decoder.prefill(1, a);                              // a joins a shorter row: b is re-padded
            decoder.regroup(new int[] {0}, new long[] {1});
            float[] step0 = decoder.decode(new long[] {10, 60});
            assertClose(alone[0], slice(step0, 1), VOCABULARY, "step 0 beside a shorter row");
            decoder.prefill(3, c);                              // c is longer than both: both re-padded
            decoder.regroup(new int[] {1, 0}, new long[] {3});  // and a moves to row 0
            float[] step1 = decoder.decode(new long[] {61, 11, 900});
            assertClose(alone[1], slice(step1, 0), VOCABULARY, "step 1 beside a longer row");
            decoder.regroup(new int[] {0}, new long[0]);       // b and c leave: padding trimmed
            assertEquals(1, decoder.rows());
            assertClose(alone[2], decoder.decode(new long[] {62}), VOCABULARY, "step 2 alone again");
            assertClose(alone[3], decoder.decode(new long[] {63}), VOCABULARY, "step 3");
        }
    }

    @Test
    void aGraphWithoutACacheIsRefusedWithTheReason() throws Exception {
        Path image = Path.of("models/image/1/model.onnx");
        OrtSession session = runtime.createSession(Files.readAllBytes(image));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new OnnxDecoder(runtime.environment(), session, VOCABULARY, 256));
        assertTrue(refused.getMessage().contains("input_ids"), refused.getMessage());
    }

    private static float[] slice(float[] rows, int row) {
        float[] out = new float[VOCABULARY];
        System.arraycopy(rows, row * VOCABULARY, out, 0, VOCABULARY);
        return out;
    }

    private static void assertClose(float[] expected, float[] actual, int length, String what) {
        float worst = 0;
        for (int i = 0; i < length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst < 1e-3, what + ": max difference " + worst);
    }
}
