package dev.zerocold.embedding.model;

import dev.zerocold.runtime.ItemResult;
import dev.zerocold.runtime.ModelKey;
import dev.zerocold.runtime.ModelSource;
import dev.zerocold.runtime.onnx.OnnxRuntime;
import dev.zerocold.runtime.onnx.OnnxTextEncoder.Pooling;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An embedding model in the folder layout sentence-transformers and Hugging Face's exporters write
 * (onnx/model.onnx, tokenizer.json, 1_Pooling/config.json, modules.json, sentence_bert_config.json),
 * with its settings read from those files; and what is refused, with its reason.
 */
class EmbeddingModelLoaderTest {

    private static OnnxRuntime runtime;

    @BeforeAll
    static void runtime() {
        runtime = new OnnxRuntime(1, 1);
    }

    @AfterAll
    static void close() {
        runtime = null;
    }

    /** A MiniLM folder as sentence-transformers exports it, from the jar on the classpath. */
    private static Path folder(Path dir, String pooling, boolean normalize, int maxSeqLength) throws IOException {
        Files.createDirectories(dir.resolve("onnx"));
        Files.createDirectories(dir.resolve("1_Pooling"));
        copy("all-minilm-l6-v2-q.onnx", dir.resolve("onnx/model.onnx"));
        copy("all-minilm-l6-v2-q-tokenizer.json", dir.resolve("tokenizer.json"));
        Files.writeString(dir.resolve("1_Pooling/config.json"), "{\"word_embedding_dimension\": 384, "
                + "\"pooling_mode_cls_token\": " + pooling.equals("cls") + ", \"pooling_mode_mean_tokens\": "
                + pooling.equals("mean") + ", \"pooling_mode_max_tokens\": " + pooling.equals("max") + "}");
        Files.writeString(dir.resolve("modules.json"), "[{\"idx\": 0, \"type\": \"sentence_transformers.models.Transformer\"},"
                + "{\"idx\": 1, \"type\": \"sentence_transformers.models.Pooling\"}"
                + (normalize ? ",{\"idx\": 2, \"type\": \"sentence_transformers.models.Normalize\"}" : "") + "]");
        Files.writeString(dir.resolve("sentence_bert_config.json"), "{\"max_seq_length\": " + maxSeqLength + "}");
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"bert\", \"max_position_embeddings\": 512}");
        Files.writeString(dir.resolve("model.yaml"), "framework: onnx\ntask: embedding\n");
        return dir;
    }

    private static void copy(String resource, Path to) throws IOException {
        try (InputStream in = EmbeddingModelLoaderTest.class.getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, to);
        }
    }

    private static TextEmbedder load(Path dir) throws Exception {
        ModelSource source = ModelSource.read(new ModelKey("m", "1"), dir);
        return assertInstanceOf(TextEmbedder.class, new EmbeddingModelLoader(runtime).load(source));
    }

    @Test
    void settingsComeFromTheFoldersOwnFiles(@TempDir Path dir) throws Exception {
        EmbeddingSettings settings = new EmbeddingSettings(null, null, null, null, null, null)
                .complete(folder(dir, "mean", false, 128));
        assertEquals(new EmbeddingSettings("onnx/model.onnx", "tokenizer.json", Pooling.MEAN, false, 128, null), settings);
        try (TextEmbedder model = load(dir)) {
            assertEquals(384, model.dimensions());
            assertEquals(128, model.maxTokens());
            float[] vector = model.predict(List.of(EmbeddingInput.text("not normalised", true))).get(0).value().vector();
            double norm = 0;
            for (float v : vector) {
                norm += v * v;
            }
            assertTrue(Math.abs(Math.sqrt(norm) - 1) > 0.01, "modules.json has no Normalize: " + Math.sqrt(norm));
            ItemResult<Embedding> cut = model.predict(List.of(EmbeddingInput.text("word ".repeat(200), true))).get(0);
            assertEquals(128, cut.value().tokens());
            assertTrue(cut.value().truncated());
        }
    }

    @Test
    void modelYamlSettingsWinOverTheFolders(@TempDir Path dir) throws Exception {
        folder(dir, "mean", true, 256);
        Files.writeString(dir.resolve("model.yaml"), "framework: onnx\ntask: embedding\nsettings:\n  pooling: cls\n"
                + "  max_length: 64\n");
        EmbeddingSettings settings = new EmbeddingSettings(null, null, Pooling.CLS, null, 64, null).complete(dir);
        assertEquals(Pooling.CLS, settings.pooling());
        assertTrue(settings.normalize());
        try (TextEmbedder model = load(dir)) {
            assertEquals(64, model.maxTokens());
            assertEquals(Pooling.CLS, model.pooling());
        }
    }

    @Test
    void whatCannotBeServedIsRefusedWithItsReason(@TempDir Path dir) throws Exception {
        folder(dir, "max", true, 256);
        IOException pooling = assertThrows(IOException.class, () -> load(dir));
        assertEquals("1_Pooling/config.json asks for a pooling other than cls or mean tokens, which is not supported",
                pooling.getMessage());

        Files.delete(dir.resolve("1_Pooling/config.json"));
        assertEquals("pooling unknown: set settings.pooling (cls or mean) or add 1_Pooling/config.json",
                assertThrows(IOException.class, () -> load(dir)).getMessage());

        Files.writeString(dir.resolve("1_Pooling/config.json"), "{\"pooling_mode_cls_token\": true}");
        Files.writeString(dir.resolve("sentence_bert_config.json"), "{\"max_seq_length\": 1024}");
        assertEquals("max_length 1024 is outside 2..512 (the model's max_position_embeddings)",
                assertThrows(IOException.class, () -> load(dir)).getMessage());

        Files.writeString(dir.resolve("sentence_bert_config.json"), "{\"max_seq_length\": 256}");
        Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": {\"type\": \"Nonsense\", \"vocab\": {}}}");
        IOException tokenizer = assertThrows(IOException.class, () -> load(dir));
        assertTrue(tokenizer.getMessage().startsWith("tokenizer tokenizer.json is supported neither as WordPiece ("),
                tokenizer.getMessage());
        assertTrue(tokenizer.getMessage().contains("nor by the Hugging Face tokenizers library"), tokenizer.getMessage());

        Files.delete(dir.resolve("onnx/model.onnx"));
        assertTrue(assertThrows(IOException.class, () -> load(dir)).getMessage().startsWith("no ONNX graph"));
    }

    @Test
    void anInputOverTheLimitFailsAloneWhenItAsksNotToBeCut(@TempDir Path dir) throws Exception {
        try (TextEmbedder model = load(folder(dir, "mean", true, 32))) {
            List<ItemResult<Embedding>> results = model.predict(List.of(EmbeddingInput.text("fine", false),
                    EmbeddingInput.text("word ".repeat(40), false), EmbeddingInput.ids(new long[] {101, -5, 102}, true),
                    EmbeddingInput.ids(new long[40], false)));
            assertTrue(results.get(0).succeeded());
            assertFalse(results.get(0).value().truncated());
            assertEquals("is longer than the model's 32 tokens; send \"truncate\": true to cut it to the limit",
                    results.get(1).error().getMessage());
            assertEquals("token id -5 is not in the model's vocabulary (0 to 30521)", results.get(2).error().getMessage());
            assertEquals("has 40 token ids, more than the model's 32; send \"truncate\": true to cut it to the limit",
                    results.get(3).error().getMessage());
        }
    }

    @Test
    void anInputGetsTheSameVectorWhateverItIsBatchedWith(@TempDir Path dir) throws Exception {
        try (TextEmbedder model = load(folder(dir, "mean", true, 256))) {
            assertTrue(model.rowsAlone(), "the int8 graph quantizes activations over the whole batch");
            float[] alone = model.predict(List.of(EmbeddingInput.text("short", true))).get(0).value().vector();
            float[] batched = model.predict(List.of(EmbeddingInput.text("a much longer text to batch it with", true),
                    EmbeddingInput.text("short", true))).get(1).value().vector();
            for (int i = 0; i < alone.length; i++) {
                assertEquals(alone[i], batched[i], 1e-6f);
            }
        }
    }
}
