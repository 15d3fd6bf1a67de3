package dev.zerocold.generation.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A decoder's settings come from the files of its Hugging Face export, model.yaml overriding them. */
class DecoderSettingsTest {

    private static final DecoderSettings NONE = new DecoderSettings(null, null, null, null, null, null, null, null, null,
            null, null, null);

    @Test
    void tinygptsFolderSaysEverything() throws IOException {
        DecoderSettings settings = NONE.complete(Path.of("models/tinygpt/1"));
        assertEquals("onnx/model.onnx", settings.decoder());
        assertEquals("tokenizer.json", settings.tokenizer());
        assertEquals(256, settings.context());
        assertEquals(4096, settings.vocabulary());
        assertEquals(List.of(4095L), settings.eosTokenIds());
        assertEquals("<|endoftext|>", settings.eosToken());
        assertTrue(settings.chatTemplate().contains("Assistant:"), settings.chatTemplate());
        assertEquals(0.8, settings.temperature(), 1e-9, "generation_config.json samples");
    }

    @Test
    void aFolderWithoutTemplateOrSamplingGetsChatMlAndOpenAisDefaults(@TempDir Path folder) throws IOException {
        Files.createDirectories(folder.resolve("onnx"));
        Files.writeString(folder.resolve("onnx/model.onnx"), "");
        Files.writeString(folder.resolve("tokenizer.json"), "{}");
        Files.writeString(folder.resolve("config.json"), "{\"vocab_size\": 100, \"max_position_embeddings\": 64, "
                + "\"eos_token_id\": [2, 7]}");
        DecoderSettings settings = NONE.complete(folder);
        assertEquals(DecoderSettings.DEFAULT_TEMPLATE, settings.chatTemplate());
        assertEquals(List.of(2L, 7L), settings.eosTokenIds());
        assertEquals(64, settings.context());
        assertEquals(1.0, settings.temperature(), 1e-9);
        assertEquals(1.0, settings.topP(), 1e-9);
    }

    @Test
    void missingOrImpossibleSettingsAreRefusedWithTheReason(@TempDir Path folder) throws IOException {
        IOException noGraph = assertThrows(IOException.class, () -> NONE.complete(folder));
        assertTrue(noGraph.getMessage().contains("no ONNX graph"), noGraph.getMessage());
        Files.writeString(folder.resolve("model.onnx"), "");
        Files.writeString(folder.resolve("tokenizer.json"), "{}");
        Files.writeString(folder.resolve("config.json"), "{\"vocab_size\": 100, \"n_positions\": 64}");
        DecoderSettings tooLong = new DecoderSettings(null, null, 128, null, null, null, null, null, null, null, null, null);
        IOException refused = assertThrows(IOException.class, () -> tooLong.complete(folder));
        assertTrue(refused.getMessage().contains("context 128"), refused.getMessage());
        Files.writeString(folder.resolve("config.json"), "{\"n_positions\": 64}");
        IOException noVocabulary = assertThrows(IOException.class, () -> NONE.complete(folder));
        assertTrue(noVocabulary.getMessage().contains("vocabulary"), noVocabulary.getMessage());
    }
}
