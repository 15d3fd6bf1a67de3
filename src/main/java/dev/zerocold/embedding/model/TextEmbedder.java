package dev.zerocold.embedding.model;

import dev.zerocold.common.InvalidInputException;
import dev.zerocold.runtime.ItemResult;
import dev.zerocold.runtime.Model;
import dev.zerocold.runtime.Signature;
import dev.zerocold.runtime.onnx.OnnxTextEncoder;
import dev.zerocold.runtime.text.TextTokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A sentence-embedding model: texts (tokenized here, in the model's batch) or token ids in, one
 * pooled vector per input out. The batch runs through {@link OnnxTextEncoder}, which groups inputs
 * of similar length so that one long text does not pad the short ones. An input over the model's
 * limit is cut when it asks for it, else only that input fails. Not cached: vectors are large and
 * the same text rarely repeats within a cache's lifetime. Thread-safe (the tokenizer and the
 * encoder are).
 */
public final class TextEmbedder implements Model<EmbeddingInput, Embedding> {

    /** Texts or token ids in, vectors out; never cached. */
    public static final Signature<EmbeddingInput, Embedding> SIGNATURE =
            new Signature<>(EmbeddingInput.class, Embedding.class);

    private final OnnxTextEncoder encoder;
    private final TextTokenizer tokenizer;
    private final OnnxTextEncoder.Pooling pooling;
    private final boolean normalise;
    private final int dimensions;
    private final boolean rowsAlone;

    /** Takes ownership of the encoder and the tokenizer, which {@link #close()} releases. */
    public TextEmbedder(OnnxTextEncoder encoder, TextTokenizer tokenizer, OnnxTextEncoder.Pooling pooling,
                        boolean normalise) {
        this.encoder = encoder;
        this.tokenizer = tokenizer;
        this.pooling = pooling;
        this.normalise = normalise;
        // The graph's width may be symbolic: one short run tells it, and warms the session up.
        long[] shortRow = tokenizer.encoding("zerocold", encoder.maxLength()).ids();
        this.dimensions = encoder.embedRows(List.of(shortRow), List.of(pooling), normalise).get(0)[0].length;
        this.rowsAlone = encoder.isolateRowsIfMixed(shortRow, tokenizer.encoding(
                "A longer sentence, so that the short one is padded when both run together.", encoder.maxLength()).ids(),
                pooling);
    }

    /**
     * True when the graph's rows influence each other (dynamically quantized int8), so that each
     * input runs alone and gets the same vector whatever it is batched with.
     */
    public boolean rowsAlone() {
        return rowsAlone;
    }

    @Override
    public Signature<EmbeddingInput, Embedding> signature() {
        return SIGNATURE;
    }

    /** Width of every vector. */
    public int dimensions() {
        return dimensions;
    }

    /** Most token ids the model reads from one input, special tokens included. */
    public int maxTokens() {
        return encoder.maxLength();
    }

    /** One past the largest token id the model knows. */
    public int vocabularySize() {
        return tokenizer.idLimit();
    }

    /** The pooling applied to the token states ({@code cls} or {@code mean}), as the model was configured. */
    public OnnxTextEncoder.Pooling pooling() {
        return pooling;
    }

    @Override
    public List<ItemResult<Embedding>> predict(List<EmbeddingInput> inputs) {
        List<ItemResult<Embedding>> results = new ArrayList<>(inputs.size());
        List<long[]> rows = new ArrayList<>(inputs.size());
        List<Integer> encoded = new ArrayList<>(inputs.size());
        List<Boolean> truncated = new ArrayList<>(inputs.size());
        for (EmbeddingInput input : inputs) {
            results.add(null);
            try {
                TextTokenizer.Encoding encoding = encode(input);
                rows.add(encoding.ids());
                truncated.add(encoding.truncated());
                encoded.add(results.size() - 1);
            } catch (InvalidInputException e) {
                results.set(results.size() - 1, ItemResult.failed(e));
            }
        }
        if (!rows.isEmpty()) {
            float[][] vectors = encoder.embedRows(rows, List.of(pooling), normalise).get(0);
            for (int i = 0; i < vectors.length; i++) {
                results.set(encoded.get(i), ItemResult.ok(new Embedding(vectors[i], rows.get(i).length, truncated.get(i))));
            }
        }
        return results;
    }

    private TextTokenizer.Encoding encode(EmbeddingInput input) {
        int max = encoder.maxLength();
        if (input.text() != null) {
            TextTokenizer.Encoding encoding = tokenizer.encoding(input.text(), max);
            if (encoding.truncated() && !input.truncate()) {
                throw tooLong("is longer than the model's " + max + " tokens");
            }
            return encoding;
        }
        long[] ids = input.ids();
        if (ids.length == 0) {
            throw new InvalidInputException("has no token ids");
        }
        int limit = tokenizer.idLimit();
        for (long id : ids) {
            if (id < 0 || id >= limit) {
                throw new InvalidInputException("token id " + id + " is not in the model's vocabulary (0 to "
                        + (limit - 1) + ")");
            }
        }
        if (ids.length <= max) {
            return new TextTokenizer.Encoding(ids, false);
        }
        if (!input.truncate()) {
            throw tooLong("has " + ids.length + " token ids, more than the model's " + max);
        }
        return new TextTokenizer.Encoding(Arrays.copyOf(ids, max), true);
    }

    private static InvalidInputException tooLong(String what) {
        return new InvalidInputException(what + "; send \"truncate\": true to cut it to the limit");
    }

    @Override
    public void close() {
        encoder.close();
        tokenizer.close();
    }
}
