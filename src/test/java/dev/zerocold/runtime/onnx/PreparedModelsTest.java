package dev.zerocold.runtime.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.zerocold.runtime.text.WordPieceTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Build-time preparation of ONNX artifacts and the staleness check the server relies on. */
class PreparedModelsTest {

    @TempDir
    Path temp;

    @Test
    void preparesEveryOnnxArtifactAndDropsStaleCopies() throws Exception {
        Path repository = temp.resolve("models");
        Path version = rgb224(repository);
        Path prepared = temp.resolve("prepared");

        PreparedModels.main(new String[] {repository.toString(), prepared.toString()});

        Path copy = PreparedModels.lookup(prepared, "model.onnx", version).orElseThrow();
        assertTrue(Files.size(copy) > 0);
        assertEquals(prepared.resolve("rgb224").resolve("1").resolve("model.onnx.ort"), copy);

        Files.setLastModifiedTime(version.resolve("model.onnx"), FileTime.from(Instant.now().plusSeconds(60)));
        assertTrue(PreparedModels.lookup(prepared, "model.onnx", version).isEmpty(), "a changed source is not served stale");
        assertTrue(PreparedModels.lookup(prepared, "other.onnx", version).isEmpty());
    }

    @Test
    void preparesAModelsTokenizerInCompactFormAndServesItInsteadOfTheJson() throws Exception {
        Path repository = temp.resolve("models");
        Path version = repository.resolve("encoder").resolve("1");
        Files.createDirectories(version);
        Files.copy(Path.of("src/test/resources/models/rgb224/1/model.onnx"), version.resolve("model.onnx"));
        Files.writeString(version.resolve("model.yaml"), """
                framework: onnx
                task: sentiment
                settings:
                  encoder: model.onnx
                  tokenizer: classpath:bge-small-en-v1.5-q-tokenizer.json
                """);
        Path prepared = temp.resolve("prepared");

        PreparedModels.main(new String[] {repository.toString(), prepared.toString()});

        String reference = "classpath:bge-small-en-v1.5-q-tokenizer.json";
        Path file = PreparedModels.lookup(prepared, reference, version, PreparedModels.TOKENIZER_SUFFIX).orElseThrow();
        assertEquals("classpath_bge-small-en-v1.5-q-tokenizer.json.wordpiece", file.getFileName().toString());
        WordPieceTokenizer fromJson = WordPieceTokenizer.fromClasspath("bge-small-en-v1.5-q-tokenizer.json");
        try (InputStream in = Files.newInputStream(file)) {
            assertArrayEquals(fromJson.encode("Prepared at build time.", 32),
                    WordPieceTokenizer.readPrepared(in).encode("Prepared at build time.", 32));
        }
        assertTrue(PreparedModels.lookup(prepared, "classpath:other.json", version, PreparedModels.TOKENIZER_SUFFIX)
                .isEmpty());
    }

    @Test
    void modelsSharingAClasspathArtifactShareOnePreparedFile() throws Exception {
        Path repository = temp.resolve("models");
        String reference = "classpath:models/rgb224/1/model.onnx";
        for (String name : new String[] {"first", "second"}) {
            Path version = repository.resolve(name).resolve("1");
            Files.createDirectories(version);
            Files.writeString(version.resolve("model.yaml"), """
                    framework: onnx
                    task: image
                    settings:
                      model: %s
                    """.formatted(reference));
        }
        Path prepared = temp.resolve("prepared");

        PreparedModels.main(new String[] {repository.toString(), prepared.toString()});

        Path first = PreparedModels.lookup(prepared, reference, repository.resolve("first/1")).orElseThrow();
        Path second = PreparedModels.lookup(prepared, reference, repository.resolve("second/1")).orElseThrow();
        assertTrue(!first.equals(second) && Files.isSameFile(first, second), "one file, linked under both models");
    }

    @Test
    void aPreparedCopyWhoseClasspathSourceWasRemovedIsTheModel() throws Exception {
        Path version = temp.resolve("models").resolve("slim").resolve("1");
        Files.createDirectories(version);
        Path prepared = temp.resolve("prepared");
        Path copy = prepared.resolve("slim/1/classpath_not-in-any-jar.onnx.ort");
        Files.createDirectories(copy.getParent());
        Files.write(copy, new byte[] {1, 2, 3});

        assertEquals(copy, PreparedModels.lookup(prepared, "classpath:not-in-any-jar.onnx", version).orElseThrow(),
                "an image build strips prepared ONNX files from their jars");
        Files.writeString(version.resolve("model.onnx"), "x");
        Files.write(prepared.resolve("slim/1/model.onnx.ort"), new byte[] {1});
        assertTrue(PreparedModels.lookup(prepared, "model.onnx", version).isEmpty(), "a file source still needs its sidecar");
    }

    @Test
    void aConvolutionalNetworkStaysOnnxForItsLoadTimeLayout() throws Exception {
        Path repository = temp.resolve("models");
        Path version = repository.resolve("image").resolve("1");
        Files.createDirectories(version);
        for (String file : new String[] {"model.onnx", "model.yaml", "labels.txt"}) {
            Files.copy(Path.of("models/image/1", file), version.resolve(file));
        }
        Path prepared = temp.resolve("prepared");
        PreparedModels.main(new String[] {repository.toString(), prepared.toString()});

        assertTrue(PreparedModels.hasConvolutions(Files.readAllBytes(version.resolve("model.onnx"))));
        assertEquals(prepared.resolve("image/1/model.onnx"), PreparedModels.lookup(prepared, "model.onnx", version).orElseThrow(),
                "ONNX Runtime lays convolutions out for the CPU when it loads ONNX, not ORT format");
        assertFalse(Files.exists(prepared.resolve("image/1/model.onnx.ort")));
        try (OrtSession session = new OnnxRuntime(1, 1, prepared).createSession("model.onnx", version, null)) {
            assertFalse(OnnxRuntime.isMapped(session));
        }
    }

    @Test
    void aModelWithoutConvolutionsIsMappedInOrtFormatAndAnswersAsTheOriginalDoes() throws Exception {
        Path repository = temp.resolve("models");
        Path version = repository.resolve("tabular").resolve("1");
        Files.createDirectories(version);
        for (String file : new String[] {"model.onnx", "model.yaml"}) {
            Files.copy(Path.of("models/tabular/1", file), version.resolve(file));
        }
        Path prepared = temp.resolve("prepared");
        PreparedModels.main(new String[] {repository.toString(), prepared.toString()});
        assertFalse(PreparedModels.hasConvolutions(Files.readAllBytes(version.resolve("model.onnx"))));

        OnnxRuntime runtime = new OnnxRuntime(1, 1, prepared);
        try (OrtSession mapped = runtime.createSession("model.onnx", version, null);
             OrtSession original = runtime.createSession(Files.readAllBytes(version.resolve("model.onnx")))) {
            assertTrue(OnnxRuntime.isMapped(mapped), "served from the prepared ORT-format file");
            assertFalse(OnnxRuntime.isMapped(original));
            String input = mapped.getInputNames().iterator().next();
            float[] row = new float[30];
            java.util.Random random = new java.util.Random(7);
            for (int i = 0; i < row.length; i++) {
                row[i] = random.nextFloat() * 20;
            }
            try (OnnxTensor tensor = OnnxTensor.createTensor(runtime.environment(), FloatBuffer.wrap(row), new long[] {1, 30});
                 OrtSession.Result a = mapped.run(Map.of(input, tensor));
                 OrtSession.Result b = original.run(Map.of(input, tensor))) {
                assertEquals(b.size(), a.size());
                for (int o = 0; o < a.size(); o++) {
                    Object fromMapped = a.get(o).getValue();
                    Object fromOriginal = b.get(o).getValue();
                    if (flat(fromOriginal) != null) {
                        float[] x = flat(fromMapped);
                        float[] y = flat(fromOriginal);
                        for (int i = 0; i < y.length; i++) {
                            assertEquals(y[i], x[i], 1e-5f, "output " + o + "[" + i + "]");
                        }
                    } else {
                        assertEquals(java.util.Arrays.deepToString(new Object[] {fromOriginal}),
                                java.util.Arrays.deepToString(new Object[] {fromMapped}), "output " + o);
                    }
                }
            }
        }
    }

    /** A repository with the test image model as rgb224/1; returns its version folder. */
    private static Path rgb224(Path repository) throws java.io.IOException {
        Path version = repository.resolve("rgb224").resolve("1");
        Files.createDirectories(version);
        for (String file : new String[] {"model.onnx", "model.yaml", "labels.txt"}) {
            Files.copy(Path.of("src/test/resources/models/rgb224/1", file), version.resolve(file));
        }
        return version;
    }

    /** A float tensor's values in order; null for other types. */
    private static float[] flat(Object value) {
        if (value instanceof float[] row) {
            return row;
        }
        if (!(value instanceof Object[] rows) || rows.length == 0 || flat(rows[0]) == null) {
            return null;
        }
        float[][] parts = new float[rows.length][];
        int length = 0;
        for (int i = 0; i < rows.length; i++) {
            parts[i] = flat(rows[i]);
            length += parts[i].length;
        }
        float[] all = new float[length];
        int at = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
