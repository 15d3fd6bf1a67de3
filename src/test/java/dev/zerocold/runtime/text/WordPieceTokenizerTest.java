package dev.zerocold.runtime.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks {@link WordPieceTokenizer} against the reference tokenizer built from the same {@code tokenizer.json}. */
class WordPieceTokenizerTest {

    private static final String RESOURCE = "bge-small-en-v1.5-q-tokenizer.json";
    private static final Path SENTENCES = Path.of("models/datasets/uci-sentiment/sentences.tsv");
    private static final long PAD = 0;
    private static final long UNK = 100;
    private static final long CLS = 101;
    private static final long SEP = 102;

    @TempDir
    static Path tempDir;

    private static WordPieceTokenizer tokenizer;
    /** The same tokenizer written in the load-ready binary form the build prepares, and read back. */
    private static WordPieceTokenizer prepared;
    private static int preparedBytes;
    private static byte[] preparedData;
    private static HuggingFaceTokenizer reference;

    @BeforeAll
    static void load() throws IOException {
        tokenizer = WordPieceTokenizer.fromClasspath(RESOURCE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        tokenizer.writePrepared(out);
        preparedBytes = out.size();
        preparedData = out.toByteArray();
        prepared = WordPieceTokenizer.readPrepared(new ByteArrayInputStream(out.toByteArray()));
        Path json = tempDir.resolve("tokenizer.json");
        try (InputStream in = WordPieceTokenizerTest.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            Files.copy(in, json, StandardCopyOption.REPLACE_EXISTING);
        }
        reference = HuggingFaceTokenizer.builder()
                .optTokenizerPath(json)
                .optAddSpecialTokens(true)
                .optTruncation(false)
                .optPadding(false)
                .build();
    }

    @AfterAll
    static void close() {
        if (reference != null) {
            reference.close();
        }
    }

    @Test
    void matchesReferenceOnEverySentenceOfTheDataSet() throws IOException {
        List<String> lines = Files.readAllLines(SENTENCES, StandardCharsets.UTF_8);
        assertEquals("id\tsource\tlabel\tsplit\ttext", lines.get(0));
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        for (String line : lines.subList(1, lines.size())) {
            String text = line.split("\t", 5)[4];
            Encoding expected = reference.encode(text);
            long[] ids = tokenizer.encode(text, 512);
            List<String> tokens = tokenizer.tokenize(text);
            List<String> expectedTokens = piecesOf(expected);
            if (!Arrays.equals(expected.getIds(), ids) || !expectedTokens.equals(tokens)
                    || !Arrays.equals(ids, prepared.encode(text, 512)) || !tokens.equals(prepared.tokenize(text))) {
                mismatches.add(text + "\n  expected " + expectedTokens + "\n  actual   " + tokens);
            }
            compared++;
        }
        System.out.printf("WordPiece parity: %d sentences compared, %d mismatches%n", compared, mismatches.size());
        assertEquals(3000, compared);
        assertEquals(List.of(), mismatches.subList(0, Math.min(10, mismatches.size())),
                mismatches.size() + " of " + compared + " sentences differ");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "Café naïve résumé",
        "ÀÉÎÕÜ Ångström İstanbul ΣΊΣΥΦΟΣ",
        "我喜欢NLP",
        "日本語のテキストと한국어",
        "wow!!!...:-)",
        "«quoted» — “smart” ‘quotes’ ¿qué? ¡sí! $5+3=8 <html> ~tilde~ a|b ^_^ `tick`",
        "tab\there\nnewline\r\nreturn\u000Bvtab\u000Cff\u0085nel end",
        "null\u0000char, bell\u0007, zero\u200Bwidth, bom\uFEFF, replacement\uFFFD, private\uE000use",
        "nbsp\u00A0em\u2003ideographic\u3000line\u2028para\u2029narrow\u202Fspace",
        "emoji 😀👍🏽 ❤️ family 👨‍👩‍👧 flags 🇫🇷 and text😀glued",
        "unaffable antidisestablishmentarianism supercalifragilisticexpialidocious",
        "mask [MASK] cls [CLS] lower [cls] glued[SEP]word [UNK] [PAD]",
        "fullwidth ＡＢＣ１２３ ligature ﬁ ℌ ① ½",
        "combining e\u0301 a\u0308 dotless ı final ς ß ΐ",
        "   leading and trailing spaces   ",
    })
    void matchesReferenceOnFocusedCases(String text) {
        assertMatchesReference(text);
    }

    @Test
    void focusedCasesHaveTheExpectedPieces() {
        assertEquals(List.of("una", "##ffa", "##ble"), tokenizer.tokenize("unaffable"));
        assertEquals(List.of("cafe", "naive", "resume"), tokenizer.tokenize("Café naïve résumé"));
        assertEquals(List.of("我", "[UNK]", "[UNK]", "nl", "##p"), tokenizer.tokenize("我喜欢NLP"));
        assertEquals(List.of("wow", "!", "!", "!", ".", ".", ".", ":", "-", ")"), tokenizer.tokenize("wow!!!...:-)"));
        assertEquals(List.of("a", "b", "c"), tokenizer.tokenize("a\tb\n\u0000\u200Bc"));
        assertEquals(List.of("[UNK]"), tokenizer.tokenize("text😀glued"));
        assertArrayEquals(new long[] {CLS, SEP}, tokenizer.encode("", 512));
        assertArrayEquals(new long[] {CLS, SEP}, tokenizer.encode(" \t\n\u0000 ", 512));
    }

    @Test
    void overLongWordBecomesUnknown() {
        String word = "a".repeat(150);
        assertArrayEquals(new long[] {CLS, UNK, SEP}, tokenizer.encode(word, 512));
        assertArrayEquals(new long[] {CLS, UNK, SEP}, tokenizer.encode("a".repeat(101), 512));
        assertTrue(tokenizer.encode("a".repeat(100), 512).length > 3);
        assertMatchesReference(word + " " + "a".repeat(100) + " " + "b".repeat(101));
    }

    @Test
    void truncatesToMaxLengthKeepingSpecialTokens() {
        String text = "The quick brown fox jumps over the lazy dog, then runs far away from the farm. ".repeat(4);
        long[] full = tokenizer.encode(text, 512);
        long[] ids = tokenizer.encode(text, 16);
        assertTrue(full.length > 16);
        assertEquals(16, ids.length);
        assertEquals(CLS, ids[0]);
        assertEquals(SEP, ids[15]);
        assertArrayEquals(Arrays.copyOfRange(full, 0, 15), Arrays.copyOfRange(ids, 0, 15));
        assertArrayEquals(new long[] {CLS, SEP}, tokenizer.encode(text, 2));
        assertThrows(IllegalArgumentException.class, () -> tokenizer.encode(text, 1));
    }

    @Test
    void truncationMatchesReference() throws IOException {
        String text = "Truncation [MASK] keeps the first pieces of a rather long sentence, doesn't it? ".repeat(3);
        try (HuggingFaceTokenizer truncating = HuggingFaceTokenizer.builder()
                .optTokenizerPath(tempDir.resolve("tokenizer.json"))
                .optTruncation(true)
                .optMaxLength(16)
                .optPadding(false)
                .build()) {
            assertArrayEquals(truncating.encode(text).getIds(), tokenizer.encode(text, 16));
        }
    }

    @Test
    void batchIsPaddedToItsLongestSequence() {
        List<String> texts = List.of("Short one.", "A noticeably longer sentence with more word pieces!", "");
        long[][] rows = texts.stream().map(t -> tokenizer.encode(t, 128)).toArray(long[][]::new);
        int longest = Arrays.stream(rows).mapToInt(r -> r.length).max().orElseThrow();

        TokenBatch batch = batch(tokenizer, texts, 128);

        assertEquals(3, batch.size());
        assertEquals(longest, batch.length());
        assertTrue(longest < 128);
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < longest; c++) {
                int cell = r * longest + c;
                boolean real = c < rows[r].length;
                assertEquals(real ? rows[r][c] : PAD, batch.inputIds()[cell], "id " + r + "," + c);
                assertEquals(real ? 1L : 0L, batch.attentionMask()[cell], "mask " + r + "," + c);
                assertEquals(0L, batch.tokenTypeIds()[cell], "type " + r + "," + c);
            }
        }
        TokenBatch truncated = batch(tokenizer, texts, 4);
        assertEquals(4, truncated.length());
        assertEquals(SEP, truncated.inputIds()[7]);
        assertEquals(0, batch(tokenizer, List.of(), 16).size());
    }

    @Test
    void reportsVocabularyAndMissingResources() {
        assertEquals(30522, tokenizer.vocabularySize());
        assertThrows(IOException.class, () -> WordPieceTokenizer.fromClasspath("no-such-tokenizer.json"));
        assertThrows(IOException.class, () -> WordPieceTokenizer.fromJson(
                new ByteArrayInputStream("{\"model\":{\"type\":\"BPE\"}}".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void preparedFormKeepsSettingsAndRejectsOtherData() {
        assertTrue(preparedBytes > 30522 * 4, "prepared form is only " + preparedBytes + " bytes");
        assertEquals(tokenizer.vocabularySize(), prepared.vocabularySize());
        assertArrayEquals(new long[] {CLS, UNK, SEP}, prepared.encode("x".repeat(200), 8));
        assertEquals(PAD, batch(prepared, List.of("a", "a longer one"), 16).inputIds()[3]);
        assertThrows(IOException.class, () -> WordPieceTokenizer.readPrepared(
                new ByteArrayInputStream("{\"model\": {}}".getBytes(StandardCharsets.UTF_8))));
        byte[] truncated = Arrays.copyOf(preparedData, preparedData.length / 2);
        assertThrows(IOException.class, () -> WordPieceTokenizer.readPrepared(new ByteArrayInputStream(truncated)));
    }

    @Test
    void bundledTokenizersAreTheParsedClasspathResources() {
        WordPieceTokenizer bundled = BundledTokenizers.get("classpath:" + RESOURCE).orElseThrow();
        String text = "Bundled vocabularies are parsed once.";
        assertArrayEquals(tokenizer.encode(text, 64), bundled.encode(text, 64));
        assertTrue(BundledTokenizers.get(RESOURCE).isEmpty(), "only classpath: references are bundled");
        assertTrue(BundledTokenizers.get("classpath:other-tokenizer.json").isEmpty());
    }

    private static void assertMatchesReference(String text) {
        Encoding expected = reference.encode(text);
        assertEquals(piecesOf(expected), tokenizer.tokenize(text), "tokens of " + text);
        assertArrayEquals(expected.getIds(), tokenizer.encode(text, 512), "ids of " + text);
        assertEquals(piecesOf(expected), prepared.tokenize(text), "prepared tokens of " + text);
        assertArrayEquals(expected.getIds(), prepared.encode(text, 512), "prepared ids of " + text);
    }

    private static List<String> piecesOf(Encoding encoding) {
        String[] tokens = encoding.getTokens();
        assertEquals("[CLS]", tokens[0]);
        assertEquals("[SEP]", tokens[tokens.length - 1]);
        return Arrays.asList(tokens).subList(1, tokens.length - 1);
    }

    /** Every text encoded and the rows padded into one batch, as the text encoder does per length bucket. */
    private static TokenBatch batch(WordPieceTokenizer tokenizer, List<String> texts, int maxLength) {
        return tokenizer.pad(texts.stream().map(t -> tokenizer.encode(t, maxLength)).toList());
    }
}
