package dev.zerocold.runtime.text;

import dev.zerocold.runtime.onnx.OnnxRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A byte-level BPE tokenizer.json (RoBERTa's layout) goes to Hugging Face's library; WordPiece stays in Java. */
class HuggingFaceTokenizersTest {

    private static final String BPE = """
            {"version": "1.0", "truncation": null, "padding": null,
             "added_tokens": [
               {"id": 0, "content": "<s>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
               {"id": 1, "content": "<pad>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
               {"id": 2, "content": "</s>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}],
             "normalizer": null,
             "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true},
             "post_processor": {"type": "RobertaProcessing", "sep": ["</s>", 2], "cls": ["<s>", 0],
                                "trim_offsets": true, "add_prefix_space": false},
             "decoder": {"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true, "use_regex": true},
             "model": {"type": "BPE", "dropout": null, "unk_token": null, "continuing_subword_prefix": null,
                       "end_of_word_suffix": null, "fuse_unk": false, "byte_fallback": false,
                       "vocab": {"<s>": 0, "<pad>": 1, "</s>": 2, "h": 3, "e": 4, "l": 5, "o": 6, "he": 7, "ll": 8,
                                 "hell": 9, "hello": 10},
                       "merges": ["h e", "l l", "he ll", "hell o"]}}""";

    @Test
    void aBpeTokenizerIsReadByTheLibraryAndCutsKeepingItsSpecialTokens(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tokenizer.json"), BPE);
        try (TextTokenizer tokenizer = new OnnxRuntime(1, 1).textTokenizer("tokenizer.json", dir, 4)) {
            assertInstanceOf(HuggingFaceTokenizers.class, tokenizer);
            TextTokenizer.Encoding hello = tokenizer.encoding("hello", 4);
            assertArrayEquals(new long[] {0, 10, 2}, hello.ids());
            assertFalse(hello.truncated());
            TextTokenizer.Encoding cut = tokenizer.encoding("hellohellohello", 4);
            assertArrayEquals(new long[] {0, 10, 10, 2}, cut.ids());
            assertTrue(cut.truncated());
            assertEquals(11, tokenizer.idLimit());
            TokenBatch batch = tokenizer.pad(List.of(hello.ids(), cut.ids()));
            assertArrayEquals(new long[] {0, 10, 2, 1, 0, 10, 10, 2}, batch.inputIds(), "padded with <pad>");
            assertArrayEquals(new long[] {1, 1, 1, 0, 1, 1, 1, 1}, batch.attentionMask());
        }
    }

    @Test
    void aWordPieceTokenizerStaysInJavaAndSaysWhenItCuts() throws Exception {
        TextTokenizer tokenizer = new OnnxRuntime(1, 1).textTokenizer("classpath:all-minilm-l6-v2-q-tokenizer.json",
                Path.of("."), 5);
        assertInstanceOf(WordPieceTokenizer.class, tokenizer);
        assertArrayEquals(new long[] {101, 7592, 2088, 102}, tokenizer.encoding("Hello world", 5).ids());
        assertFalse(tokenizer.encoding("Hello world", 5).truncated());
        assertFalse(tokenizer.encoding("Hello world", 4).truncated(), "exactly at the limit");
        TextTokenizer.Encoding cut = tokenizer.encoding("Hello world", 3);
        assertArrayEquals(new long[] {101, 7592, 102}, cut.ids());
        assertTrue(cut.truncated());
    }
}
