package dev.zerocold.runtime.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The tokenizer of a generative model: any {@code tokenizer.json} through Hugging Face's own
 * library (as DJL packages it), both ways. Nothing is cut: the caller checks a prompt against the
 * model's context. Added tokens (e.g. {@code <|endoftext|>}, {@code <|im_start|>}) written in a text
 * are read as those tokens, as a chat template expects. Thread-safe: the native tokenizer is
 * immutable once built.
 */
public final class DecoderTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final Map<String, Long> addedTokens;
    private final int idLimit;

    private DecoderTokenizer(HuggingFaceTokenizer tokenizer, Map<String, Long> addedTokens, int idLimit) {
        this.tokenizer = tokenizer;
        this.addedTokens = addedTokens;
        this.idLimit = idLimit;
    }

    /**
     * A tokenizer for {@code tokenizer.json}'s bytes.
     *
     * @throws IOException if the library cannot build it
     */
    public static DecoderTokenizer of(byte[] tokenizerJson) throws IOException {
        JsonNode root = HuggingFaceTokenizers.document(tokenizerJson);
        int idLimit = HuggingFaceTokenizers.idLimit(root);
        Map<String, Long> added = new HashMap<>();
        for (JsonNode token : root.path("added_tokens")) {
            added.put(token.path("content").asText(), token.path("id").asLong());
        }
        HuggingFaceTokenizer built = HuggingFaceTokenizers.build(tokenizerJson,
                Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
        return new DecoderTokenizer(built, Map.copyOf(added), idLimit);
    }

    /** The ids of {@code text}; {@code addSpecialTokens} adds what the tokenizer's post-processor adds (e.g. a BOS). */
    public long[] encode(String text, boolean addSpecialTokens) {
        return tokenizer.encode(text, addSpecialTokens, false).getIds();
    }

    /** The text of {@code ids}; special tokens left out when {@code skipSpecialTokens}. */
    public String decode(long[] ids, boolean skipSpecialTokens) {
        return tokenizer.decode(ids, skipSpecialTokens);
    }

    /** The id of an added (e.g. special) token, by its text. */
    public Optional<Long> addedToken(String content) {
        return Optional.ofNullable(addedTokens.get(content));
    }

    /** One past the largest token id. */
    public int idLimit() {
        return idLimit;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
