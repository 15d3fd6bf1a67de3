package dev.zerocold.runtime.onnx;

import dev.zerocold.runtime.Artifacts;
import dev.zerocold.runtime.text.WordPieceTokenizer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Length buckets, and that texts encoded together get their own embeddings. Not bit-identical to
 * encoding them alone: the int8 model quantizes activations with one range per tensor, so the
 * other rows of a run (and their padding) shift the result slightly.
 */
class OnnxTextEncoderTest {

    @Test
    void bucketsGroupRowsOfSimilarLengthShortestFirst() {
        // 80 tokens alone (with 40 and 42 it would be 36% padding); tiny rows ride along with anything.
        List<int[]> buckets = OnnxTextEncoder.buckets(new int[] {80, 15, 14, 40, 16, 42, 5});
        assertEquals(3, buckets.size());
        assertArrayEquals(new int[] {6, 2, 1, 4}, buckets.get(0));
        assertArrayEquals(new int[] {3, 5}, buckets.get(1));
        assertArrayEquals(new int[] {0}, buckets.get(2));
        assertEquals(List.of(), OnnxTextEncoder.buckets(new int[0]));
        assertArrayEquals(new int[] {0, 1}, OnnxTextEncoder.buckets(new int[] {30, 30}).get(0));
        assertArrayEquals(new int[] {3, 5, 0}, OnnxTextEncoder.buckets(new int[] {60, 15, 14, 40, 16, 42, 5}).get(1),
                "60 with 40 and 42 is 21% padding");
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void eachTextGetsItsOwnEmbedding() throws Exception {
        OnnxRuntime runtime = new OnnxRuntime(1, 1);
        WordPieceTokenizer tokenizer = WordPieceTokenizer.fromClasspath("bge-small-en-v1.5-q-tokenizer.json");
        String longText = "The plot dragged for an hour, the dialogue was wooden and the ending made no sense, "
                + "but the soundtrack was lovely and the lead actress did what she could with the script.";
        List<String> texts = List.of(longText, "Great film.", "Awful.", longText + " Still, I would not watch it again.");
        try (OnnxTextEncoder encoder = new OnnxTextEncoder(runtime,
                runtime.createSession(Artifacts.read("classpath:bge-small-en-v1.5-q.onnx", Path.of("."))), tokenizer, 512)) {
            List<float[][]> together = encoder.embed(texts, List.of(OnnxTextEncoder.Pooling.MEAN, OnnxTextEncoder.Pooling.CLS));
            for (int p = 0; p < 2; p++) {
                float[][] alone = new float[texts.size()][];
                for (int i = 0; i < texts.size(); i++) {
                    alone[i] = encoder.embed(List.of(texts.get(i)),
                            List.of(OnnxTextEncoder.Pooling.MEAN, OnnxTextEncoder.Pooling.CLS)).get(p)[0];
                }
                for (int i = 0; i < texts.size(); i++) {
                    float[] mine = together.get(p)[i];
                    assertTrue(dot(mine, alone[i]) > 0.98, "text " + i + ", pooling " + p + ": " + dot(mine, alone[i]));
                    for (int j = 0; j < texts.size(); j++) {
                        if (j != i) {
                            assertTrue(dot(mine, alone[i]) > dot(mine, alone[j]), "text " + i + " nearer to text " + j);
                        }
                    }
                }
            }
        }
    }
}
