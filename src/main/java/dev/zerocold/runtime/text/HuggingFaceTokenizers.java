package dev.zerocold.runtime.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Any {@code tokenizer.json} (BPE, Unigram, WordPiece…) through Hugging Face's own Rust library, as
 * DJL packages it (its native library is inside the jar; the packaged app loads the copy the build
 * extracted, see {@link TokenizerLibrary}; nothing is downloaded). Used for the tokenizers {@link WordPieceTokenizer} does not cover. Thread-safe:
 * the native tokenizer is immutable once built.
 */
public final class HuggingFaceTokenizers implements TextTokenizer {

    private final HuggingFaceTokenizer tokenizer;
    private final int maxLength;
    private final long padId;
    private final int idLimit;

    private HuggingFaceTokenizers(HuggingFaceTokenizer tokenizer, int maxLength, long padId, int idLimit) {
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
        this.padId = padId;
        this.idLimit = idLimit;
    }

    /**
     * A tokenizer for {@code tokenizer.json}'s bytes that cuts texts to {@code maxLength} ids, the
     * model's limit (the library fixes it when the tokenizer is built).
     *
     * @throws IOException if the document is not a tokenizer the library can build
     */
    public static HuggingFaceTokenizers of(byte[] tokenizerJson, int maxLength) throws IOException {
        JsonNode root = document(tokenizerJson);
        int idLimit = idLimit(root);
        long padId = root.path("padding").path("pad_id").asLong(padFromAddedTokens(root));
        HuggingFaceTokenizer built = build(tokenizerJson, Map.of("addSpecialTokens", "true", "truncation", "true",
                "maxLength", Integer.toString(maxLength), "padding", "false"));
        return new HuggingFaceTokenizers(built, maxLength, padId, idLimit);
    }

    /**
     * The library's tokenizer for {@code tokenizer.json}'s bytes with DJL's {@code options}, its native
     * library taken from the app's folder when there is one ({@link TokenizerLibrary}).
     *
     * @throws IOException if the document is not a tokenizer the library can build
     */
    static HuggingFaceTokenizer build(byte[] tokenizerJson, Map<String, String> options) throws IOException {
        TokenizerLibrary.use();
        try {
            return HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson), options);
        } catch (RuntimeException e) {
            throw new IOException("tokenizer.json not readable by the Hugging Face tokenizers library: "
                    + e.getMessage(), e);
        }
    }

    /** A {@code tokenizer.json} document as a tree. */
    static JsonNode document(byte[] tokenizerJson) throws IOException {
        JsonNode root = new ObjectMapper().readTree(tokenizerJson);
        if (root == null || !root.isObject()) {
            throw new IOException("tokenizer.json is not a JSON object");
        }
        return root;
    }

    /** One past the largest id of a {@code tokenizer.json}'s vocabulary and added tokens. */
    static int idLimit(JsonNode root) {
        JsonNode vocab = root.path("model").path("vocab");
        int idLimit = vocab.isArray() ? vocab.size() : 0;  // Unigram: [piece, score] pairs, ids by position
        for (JsonNode id : vocab.isObject() ? vocab : List.<JsonNode>of()) {
            idLimit = Math.max(idLimit, id.asInt() + 1);  // BPE, WordPiece: piece -> id
        }
        for (JsonNode added : root.path("added_tokens")) {
            idLimit = Math.max(idLimit, added.path("id").asInt() + 1);
        }
        return idLimit;
    }

    private static long padFromAddedTokens(JsonNode root) {
        for (JsonNode added : root.path("added_tokens")) {
            String content = added.path("content").asText();
            if (content.equals("<pad>") || content.equals("[PAD]") || content.equals("<|padding|>")) {
                return added.path("id").asLong();
            }
        }
        return 0;
    }

    /**
     * The text's ids, cut to the model's limit: {@code maxLength} may only lower it (a longer one
     * is the model's limit, fixed when the tokenizer was built).
     */
    @Override
    public TextTokenizer.Encoding encoding(String text, int maxLength) {
        if (maxLength != this.maxLength) {
            throw new IllegalArgumentException("this tokenizer cuts at " + this.maxLength + " ids, not " + maxLength);
        }
        ai.djl.huggingface.tokenizers.Encoding encoding = tokenizer.encode(text, true, false);
        return new TextTokenizer.Encoding(encoding.getIds(), encoding.exceedMaxLength());
    }

    @Override
    public TokenBatch pad(List<long[]> rows) {
        return TextTokenizer.pad(rows, padId);
    }

    @Override
    public int idLimit() {
        return idLimit;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
