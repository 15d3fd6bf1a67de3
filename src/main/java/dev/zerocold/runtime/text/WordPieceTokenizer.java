package dev.zerocold.runtime.text;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * BERT WordPiece tokenizer configured from a Hugging Face {@code tokenizer.json}: {@code BertNormalizer},
 * {@code BertPreTokenizer}, a {@code WordPiece} model and a {@code [CLS] $A [SEP]} post-processor.
 *
 * <p>Added tokens (e.g. {@code [MASK]}) are matched verbatim in the raw text before normalization, longest
 * first. Other normalizers, pre-tokenizers, models or templates, and added tokens that are normalized,
 * single-word or strip whitespace, are rejected with an {@link IOException}. Character classes come from
 * the running JDK's Unicode tables, so characters assigned in recent Unicode versions may be classified
 * differently from other implementations.
 *
 * <p>Instances are immutable and thread-safe after construction.
 *
 * <p>Over 300 lines on purpose: the reading of {@code tokenizer.json}, the normalizer, the
 * pre-tokenizer and the WordPiece loop are one pipeline whose steps share the vocabulary and the
 * character tables, and are tested as one against Hugging Face's output.
 */
public final class WordPieceTokenizer implements TextTokenizer {

    private static final int CONTROL_TYPES = 1 << Character.CONTROL | 1 << Character.FORMAT
            | 1 << Character.PRIVATE_USE | 1 << Character.SURROGATE;
    private static final int PUNCTUATION_TYPES = 1 << Character.CONNECTOR_PUNCTUATION | 1 << Character.DASH_PUNCTUATION
            | 1 << Character.START_PUNCTUATION | 1 << Character.END_PUNCTUATION | 1 << Character.OTHER_PUNCTUATION
            | 1 << Character.INITIAL_QUOTE_PUNCTUATION | 1 << Character.FINAL_QUOTE_PUNCTUATION;

    private record AddedToken(String content, int id) {}

    /** First four bytes of the prepared form ("ZCW" and format version 3). */
    private static final int PREPARED_MAGIC = 0x5A435703;

    private final Vocabulary pieces;
    /** Pieces that continue a word, without their prefix: "##ing" is found here as "ing". */
    private final Vocabulary suffixes;
    private final int maxPieceLength;
    private final int maxSuffixLength;
    private final int idCount;
    /** Text of every id, made on first use: only {@link #tokenize} needs it. */
    private volatile String[] tokens;
    private final int vocabularySize;
    private final AddedToken[] addedTokens;
    private final String addedTokenStarts;
    private final int unkId;
    private final int clsId;
    private final int sepId;
    private final int padId;
    private final int maxInputCharsPerWord;
    private final String continuingSubwordPrefix;
    private final boolean cleanText;
    private final boolean handleChineseChars;
    private final boolean stripAccents;
    private final boolean lowercase;

    /**
     * Everything the tokenizer is built from, already resolved and validated: what a
     * {@code tokenizer.json} reduces to, and what the prepared form stores.
     */
    private record Spec(Vocabulary pieces, Vocabulary suffixes, String prefix, int maxInputCharsPerWord,
                        List<AddedToken> added,
                        int unkId, int padId, int clsId, int sepId, boolean cleanText, boolean handleChineseChars,
                        boolean stripAccents, boolean lowercase) {
    }

    private WordPieceTokenizer(Spec spec) {
        pieces = spec.pieces();
        suffixes = spec.suffixes();
        maxPieceLength = pieces.maxLength();
        maxSuffixLength = suffixes.maxLength();
        int maxId = pieces.maxId();
        maxInputCharsPerWord = spec.maxInputCharsPerWord();
        continuingSubwordPrefix = spec.prefix();

        List<AddedToken> added = new ArrayList<>(spec.added());
        added.sort(Comparator.comparingInt((AddedToken t) -> t.content().length()).reversed());
        addedTokens = added.toArray(AddedToken[]::new);
        addedTokenStarts = added.stream().map(t -> t.content().substring(0, 1)).distinct().reduce("", String::concat);
        for (AddedToken token : added) {
            maxId = Math.max(maxId, token.id());
        }
        idCount = maxId + 1;
        vocabularySize = pieces.size() + (int) added.stream().map(AddedToken::content).distinct()
                .filter(t -> pieces.get(t) < 0).count();

        unkId = spec.unkId();
        padId = spec.padId();
        clsId = spec.clsId();
        sepId = spec.sepId();
        cleanText = spec.cleanText();
        handleChineseChars = spec.handleChineseChars();
        lowercase = spec.lowercase();
        stripAccents = spec.stripAccents();
    }

    private static Spec parse(JsonNode root) throws IOException {
        JsonNode model = root.path("model");
        require("WordPiece".equals(model.path("type").asText("WordPiece")), "model must be WordPiece");
        require(model.path("vocab").size() > 0, "model.vocab is missing or empty");
        String prefix = model.path("continuing_subword_prefix").asText("##");
        Map<String, Integer> vocab = new HashMap<>();
        for (Map.Entry<String, JsonNode> entry : model.path("vocab").properties()) {
            int id = entry.getValue().asInt(-1);
            require(id >= 0 && entry.getValue().canConvertToInt(), "bad id for " + entry.getKey());
            vocab.put(entry.getKey(), id);
        }

        Map<String, Integer> named = new HashMap<>();
        List<AddedToken> added = new ArrayList<>();
        for (JsonNode token : root.path("added_tokens")) {
            String content = token.path("content").asText("");
            require(!content.isEmpty() && token.path("id").canConvertToInt(), "bad added token " + token);
            require(!token.path("normalized").asBoolean() && !token.path("single_word").asBoolean()
                    && !token.path("lstrip").asBoolean() && !token.path("rstrip").asBoolean(),
                    "unsupported options for added token " + content);
            added.add(new AddedToken(content, vocab.getOrDefault(content, token.path("id").intValue())));
            named.put(content, added.get(added.size() - 1).id());
        }

        int unkId = idOf(model.path("unk_token").asText("[UNK]"), named, vocab);
        int padId = idOf("[PAD]", named, vocab);
        JsonNode post = root.path("post_processor");
        JsonNode single = post.path("single");
        require("TemplateProcessing".equals(post.path("type").asText()) && single.size() == 3
                && single.get(0).has("SpecialToken") && single.get(1).has("Sequence")
                && single.get(2).has("SpecialToken"), "post_processor must be TemplateProcessing [CLS] $A [SEP]");
        int clsId = templateId(post, single.get(0), named, vocab);
        int sepId = templateId(post, single.get(2), named, vocab);

        JsonNode normalizer = root.path("normalizer");
        boolean bert = "BertNormalizer".equals(normalizer.path("type").asText(null));
        require(bert || normalizer.isMissingNode() || normalizer.isNull(), "normalizer must be BertNormalizer");
        boolean lowercase = bert && normalizer.path("lowercase").asBoolean(true);
        JsonNode strip = normalizer.path("strip_accents");
        require("BertPreTokenizer".equals(root.path("pre_tokenizer").path("type").asText()),
                "pre_tokenizer must be BertPreTokenizer");
        Map<String, Integer> continuing = new HashMap<>();
        vocab.forEach((piece, id) -> {
            if (prefix.isEmpty() || piece.startsWith(prefix) && piece.length() > prefix.length()) {
                continuing.put(piece.substring(prefix.length()), id);
            }
        });
        return new Spec(Vocabulary.of(vocab), Vocabulary.of(continuing), prefix,
                model.path("max_input_chars_per_word").asInt(100), added, unkId, padId,
                clsId, sepId, bert && normalizer.path("clean_text").asBoolean(true),
                bert && normalizer.path("handle_chinese_chars").asBoolean(true),
                bert && (strip.isBoolean() ? strip.booleanValue() : lowercase), lowercase);
    }

    /**
     * Writes this tokenizer in the binary form {@link #readPrepared} reads: the resolved settings
     * and both vocabulary tables with their hash indexes (see {@link Vocabulary}), so that loading
     * is a few bulk copies instead of parsing a large {@code tokenizer.json} and filling maps.
     */
    public void writePrepared(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out));
        data.writeInt(PREPARED_MAGIC);
        data.writeUTF(continuingSubwordPrefix);
        data.writeInt(maxInputCharsPerWord);
        for (int id : new int[] {unkId, padId, clsId, sepId}) {
            data.writeInt(id);
        }
        for (boolean flag : new boolean[] {cleanText, handleChineseChars, stripAccents, lowercase}) {
            data.writeBoolean(flag);
        }
        pieces.write(data);
        suffixes.write(data);
        data.writeInt(addedTokens.length);
        for (AddedToken token : addedTokens) {
            data.writeUTF(token.content());
            data.writeInt(token.id());
        }
        data.flush();
    }

    /**
     * Reads a tokenizer written by {@link #writePrepared}; the stream is left open.
     *
     * @throws IOException if the data is not a prepared tokenizer or is truncated
     */
    public static WordPieceTokenizer readPrepared(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(new BufferedInputStream(in, 1 << 16));
        if (data.readInt() != PREPARED_MAGIC) {
            throw new IOException("not a prepared WordPiece tokenizer");
        }
        String prefix = data.readUTF();
        int maxInputCharsPerWord = data.readInt();
        int unkId = data.readInt();
        int padId = data.readInt();
        int clsId = data.readInt();
        int sepId = data.readInt();
        boolean cleanText = data.readBoolean();
        boolean handleChineseChars = data.readBoolean();
        boolean stripAccents = data.readBoolean();
        boolean lowercase = data.readBoolean();
        Vocabulary pieces = Vocabulary.read(data);
        Vocabulary suffixes = Vocabulary.read(data);
        require(pieces.size() > 0, "the vocabulary is empty");
        int addedCount = data.readInt();
        require(addedCount >= 0 && addedCount < 1 << 16, "bad added-token count " + addedCount);
        List<AddedToken> added = new ArrayList<>(addedCount);
        for (int i = 0; i < addedCount; i++) {
            added.add(new AddedToken(data.readUTF(), data.readInt()));
        }
        return new WordPieceTokenizer(new Spec(pieces, suffixes, prefix, maxInputCharsPerWord, added, unkId, padId,
                clsId, sepId, cleanText, handleChineseChars, stripAccents, lowercase));
    }

    /**
     * Reads a {@code tokenizer.json} document; the stream is left open.
     *
     * @throws IOException if the document cannot be read or describes an unsupported tokenizer
     */
    public static WordPieceTokenizer fromJson(InputStream tokenizerJson) throws IOException {
        ObjectMapper json = new ObjectMapper().configure(JsonParser.Feature.AUTO_CLOSE_SOURCE, false);
        JsonNode root = json.readTree(Objects.requireNonNull(tokenizerJson, "tokenizerJson"));
        require(root != null && root.isObject(), "not a JSON object");
        return new WordPieceTokenizer(parse(root));
    }

    /**
     * Loads a {@code tokenizer.json} classpath resource through the context class loader, then through the
     * loader of this class. A leading {@code /} is ignored.
     *
     * @throws IOException if the resource is missing, unreadable or unsupported
     */
    public static WordPieceTokenizer fromClasspath(String resource) throws IOException {
        String name = Objects.requireNonNull(resource, "resource").startsWith("/") ? resource.substring(1) : resource;
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        InputStream in = context == null ? null : context.getResourceAsStream(name);
        in = in != null ? in : WordPieceTokenizer.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new FileNotFoundException("classpath resource not found: " + resource);
        }
        try (InputStream stream = in) {
            return fromJson(stream);
        }
    }

    private String[] tokens() {
        String[] text = tokens;
        if (text == null) {
            text = pieces.keysById(idCount);
            for (AddedToken token : addedTokens) {
                text[token.id()] = token.content();
            }
            tokens = text;
        }
        return text;
    }

    /** Word pieces of {@code text} without special tokens, e.g. "unaffable" gives "una", "##ffa", "##ble". */
    public List<String> tokenize(String text) {
        Ids ids = pieces(text, Integer.MAX_VALUE);
        String[] out = new String[ids.size];
        String[] byId = tokens();
        Arrays.setAll(out, i -> byId[ids.values[i]]);
        return List.of(out);
    }

    /**
     * Ids of {@code [CLS]}, the word pieces of {@code text} and {@code [SEP]}, keeping only the first
     * {@code maxLength - 2} pieces so that the result has at most {@code maxLength} ids.
     *
     * @throws IllegalArgumentException if {@code maxLength < 2}
     */
    public long[] encode(String text, int maxLength) {
        Ids ids = pieces(text, pieceLimit(maxLength));
        long[] out = new long[ids.length()];
        write(ids, out, 0);
        return out;
    }

    /**
     * A batch of already encoded rows (from {@link #encode}), each padded with the {@code [PAD]} id
     * up to the longest of them, not up to the maximum length. No rows give a {@code 0 x 0} batch.
     */
    @Override
    public TokenBatch pad(List<long[]> rows) {
        return TextTokenizer.pad(rows, padId);
    }

    /**
     * {@link #encode(String, int)}, telling whether word pieces were cut: the text is encoded with
     * one id to spare, and a row that fills it is cut to {@code maxLength} with {@code [SEP]} last.
     */
    @Override
    public Encoding encoding(String text, int maxLength) {
        long[] ids = encode(text, maxLength + 1);
        if (ids.length <= maxLength) {
            return new Encoding(ids, false);
        }
        long[] cut = Arrays.copyOf(ids, maxLength);
        cut[maxLength - 1] = sepId;
        return new Encoding(cut, true);
    }

    @Override
    public int idLimit() {
        return idCount;
    }

    /** Number of distinct tokens, added tokens included. */
    public int vocabularySize() {
        return vocabularySize;
    }

    private static int pieceLimit(int maxLength) {
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must be at least 2, was " + maxLength);
        }
        return maxLength - 2;
    }

    private int write(Ids ids, long[] out, int offset) {
        int length = ids.length();
        out[offset] = clsId;
        for (int i = 0; i < length - 2; i++) {
            out[offset + 1 + i] = ids.values[i];
        }
        out[offset + length - 1] = sepId;
        return length;
    }

    private Ids pieces(String text, int limit) {
        Ids out = new Ids(limit);
        int segment = 0;
        for (int i = 0; addedTokens.length > 0 && i < text.length() && out.size < limit; i++) {
            AddedToken match = addedTokenStarts.indexOf(text.charAt(i)) < 0 ? null : addedTokenAt(text, i);
            if (match != null) {
                splitWords(normalize(text, segment, i), out);
                out.add(match.id());
                segment = i + match.content().length();
                i = segment - 1;
            }
        }
        splitWords(normalize(text, segment, text.length()), out);
        return out;
    }

    private AddedToken addedTokenAt(String text, int at) {
        return Arrays.stream(addedTokens).filter(t -> text.startsWith(t.content(), at)).findFirst().orElse(null);
    }

    private CharSequence normalize(String text, int from, int to) {
        StringBuilder out = new StringBuilder(to - from + 16);
        boolean ascii = true;
        for (int i = from; i < to; ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cleanText && (cp == 0 || cp == 0xFFFD || isControl(cp))) {
                continue;
            }
            cp = cleanText && isWhitespace(cp) ? ' ' : cp;
            if (cp < 0x80) {
                out.append((char) (lowercase && cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp));
                continue;
            }
            ascii = false;
            if (handleChineseChars && isChineseChar(cp)) {
                out.append(' ').appendCodePoint(cp).append(' ');
            } else {
                out.appendCodePoint(cp);
            }
        }
        return ascii || !(stripAccents || lowercase) ? out : stripAndLowercase(out);
    }

    private CharSequence stripAndLowercase(CharSequence text) {
        CharSequence source = stripAccents ? Normalizer.normalize(text, Normalizer.Form.NFD) : text;
        StringBuilder out = new StringBuilder(source.length());
        for (int i = 0, cp; i < source.length(); i += Character.charCount(cp)) {
            cp = Character.codePointAt(source, i);
            if (stripAccents && Character.getType(cp) == Character.NON_SPACING_MARK) {
                continue;
            }
            if (lowercase && cp == 0x130) {
                out.append("i\u0307");
            } else {
                out.appendCodePoint(lowercase ? Character.toLowerCase(cp) : cp);
            }
        }
        return out;
    }

    private void splitWords(CharSequence text, Ids out) {
        int wordStart = -1;
        for (int i = 0, next, n = text.length(); i <= n && out.size < out.limit; i = next) {
            int cp = i < n ? Character.codePointAt(text, i) : ' ';
            next = i + Character.charCount(cp);
            boolean space = isWhitespace(cp);
            if (!space && !isPunctuation(cp)) {
                wordStart = wordStart < 0 ? i : wordStart;
                continue;
            }
            if (wordStart >= 0) {
                wordPiece(text, wordStart, i, out);
                wordStart = -1;
            }
            if (!space) {
                wordPiece(text, i, next, out);
            }
        }
    }

    private void wordPiece(CharSequence text, int from, int to, Ids out) {
        int mark = out.size;
        int start = Character.codePointCount(text, from, to) > maxInputCharsPerWord ? -1 : from;
        while (start >= 0 && start < to) {
            Vocabulary table = start == from ? pieces : suffixes;
            int end = Math.min(to, start + (start == from ? maxPieceLength : maxSuffixLength));
            end -= end < to && Character.isLowSurrogate(text.charAt(end)) ? 1 : 0;
            int id = -1;
            while (end > start && (id = table.get(text, start, end)) < 0) {
                end = Character.offsetByCodePoints(text, end, -1);
            }
            if (id < 0) {
                start = -1;
            } else {
                out.add(id);
                start = end;
            }
        }
        if (start < 0) {
            out.size = mark;
            out.add(unkId);
        }
    }

    private static boolean isControl(int cp) {
        return cp != '\t' && cp != '\n' && cp != '\r' && (1 << Character.getType(cp) & CONTROL_TYPES) != 0;
    }

    private static boolean isWhitespace(int cp) {
        return cp == ' ' || cp >= '\t' && cp <= '\r' || cp >= 0x80 && (cp == 0x85 || Character.isSpaceChar(cp));
    }

    private static boolean isPunctuation(int cp) {
        if (cp < 0x80) {
            return cp >= 33 && cp <= 47 || cp >= 58 && cp <= 64 || cp >= 91 && cp <= 96 || cp >= 123 && cp <= 126;
        }
        return (1 << Character.getType(cp) & PUNCTUATION_TYPES) != 0;
    }

    private static boolean isChineseChar(int cp) {
        return cp >= 0x4E00 && cp <= 0x9FFF || cp >= 0x3400 && cp <= 0x4DBF || cp >= 0x20000 && cp <= 0x2A6DF
                || cp >= 0x2A700 && cp <= 0x2B81F || cp >= 0x2B920 && cp <= 0x2CEAF
                || cp >= 0xF900 && cp <= 0xFAFF || cp >= 0x2F800 && cp <= 0x2FA1F;
    }

    private static int templateId(JsonNode post, JsonNode special, Map<String, Integer> named,
                                  Map<String, Integer> vocab) throws IOException {
        String name = special.path("SpecialToken").path("id").asText();
        JsonNode ids = post.path("special_tokens").path(name).path("ids");
        return ids.size() == 1 && ids.get(0).canConvertToInt() ? ids.get(0).intValue() : idOf(name, named, vocab);
    }

    private static int idOf(String token, Map<String, Integer> named, Map<String, Integer> vocab) throws IOException {
        Integer id = named.containsKey(token) ? named.get(token) : vocab.get(token);
        require(id != null, "token " + token + " is not in the vocabulary");
        return id;
    }

    private static void require(boolean condition, String message) throws IOException {
        if (!condition) {
            throw new IOException("unsupported tokenizer.json: " + message);
        }
    }

    /** Growable id list of one text; pieces past {@code limit} are dropped by {@link #length()}. */
    private static final class Ids {
        private final int limit;
        private int[] values = new int[32];
        private int size;

        Ids(int limit) {
            this.limit = limit;
        }

        void add(int id) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = id;
        }

        int length() {
            return Math.min(size, limit) + 2;
        }
    }
}
