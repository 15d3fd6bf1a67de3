package dev.zerocold.runtime;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuntimeBasicsTest {

    @TempDir
    Path dir;

    @Test
    void artifactsStayInsideTheirDirectory() throws IOException {
        Files.writeString(dir.resolve("head.json"), "{}");
        assertEquals("{}", new String(Artifacts.read("head.json", dir)));
        assertThrows(IOException.class, () -> Artifacts.resolve("../secret", dir));
        assertThrows(IOException.class, () -> Artifacts.resolve("/etc/passwd", dir));
        assertThrows(IOException.class, () -> Artifacts.open("classpath:no/such/resource.bin", dir));
    }

    @Test
    void modelYamlIgnoresDeclaredTensorsAndNamesAnUnknownField() throws IOException {
        Files.writeString(dir.resolve("model.yaml"), """
                framework: onnx
                inputs: [{name: x, datatype: FP32, shape: [-1, 3]}]
                outputs: [{name: y, datatype: FP32, shape: [-1, 3]}]
                """);
        assertEquals(Task.TENSOR, ModelYaml.read(dir).task());  // any ONNX model is served by its tensors
        Files.writeString(dir.resolve("model.yaml"), "framework: onnx\ncolour: blue\n");
        IOException error = assertThrows(IOException.class, () -> ModelYaml.read(dir));
        String reason = ModelYaml.describe(error);
        assertTrue(reason.startsWith("model.yaml line ") && reason.contains("(colour): unknown field 'colour'; known here:"),
                reason);
        assertFalse(reason.contains("ModelConfig"), reason);
    }

    @Test
    void linearHeadRoundTripsAndComputesSoftmax() throws IOException {
        LinearHead head = new LinearHead(List.of("negative", "positive"),
                new float[][] {{0f, 0f}, {2f, -1f}}, new float[] {0f, 0.5f});
        head.write(dir.resolve("head.json"));
        LinearHead read = LinearHead.read(Files.newInputStream(dir.resolve("head.json")));
        ClassScores scores = read.apply(new float[] {1f, 0.5f});
        double expected = 1 / (1 + Math.exp(-(2 - 0.5 + 0.5)));
        assertEquals(expected, scores.probability("positive"), 1e-6);
        assertEquals(1 - expected, scores.probability("negative"), 1e-6);
        assertEquals(1, scores.top());
        assertThrows(IllegalArgumentException.class, () -> read.apply(new float[3]));
    }

    @Test
    void softmaxIsStableForLargeLogits() {
        float[] p = ClassScores.softmax(new float[] {1000f, 1000f});
        assertArrayEquals(new float[] {0.5f, 0.5f}, p, 1e-6f);
    }

    @Test
    void firstPredictionIsClaimedExactlyOnce() {
        StartupTimeline timeline = new StartupTimeline(new SimpleMeterRegistry());
        assertTrue(timeline.claimFirstPrediction());
        assertFalse(timeline.claimFirstPrediction());
        assertTrue(timeline.summary().contains(StartupTimeline.FIRST_PREDICTION));
    }
}
