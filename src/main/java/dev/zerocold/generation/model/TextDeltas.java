package dev.zerocold.generation.model;

import dev.zerocold.runtime.text.DecoderTokenizer;

import java.util.Arrays;

/**
 * Turns generated tokens into text as they come, never emitting half a character: a byte-level
 * token may end inside a multi-byte UTF-8 character, and a tokenizer may join tokens with spaces or
 * merge them when decoding. Each new token's text is the decoding of a short window of recent
 * tokens minus the decoding of that window without it (the method of Hugging Face's text-generation
 * server); while the window ends in U+FFFD (an incomplete character) it waits, for at most four tokens
 * (the longest UTF-8 character). Special tokens are left out. Not thread-safe: one sequence.
 */
public final class TextDeltas {

    private static final int MAX_PENDING = 4;
    private final DecoderTokenizer tokenizer;
    private long[] ids = new long[16];
    private int size;
    private int prefixOffset;
    private int readOffset;

    public TextDeltas(DecoderTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** Adds a token; returns the text it completes ("" while a character is incomplete). */
    public String add(long token) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
        }
        ids[size++] = token;
        String prefix = tokenizer.decode(Arrays.copyOfRange(ids, prefixOffset, readOffset), true);
        String text = tokenizer.decode(Arrays.copyOfRange(ids, prefixOffset, size), true);
        boolean waitedEnough = size - readOffset >= MAX_PENDING;
        if (text.length() > prefix.length() && (!text.endsWith("\uFFFD") || waitedEnough)) {
            String delta = text.substring(prefix.length());
            prefixOffset = readOffset;
            readOffset = size;
            return delta;
        }
        if (waitedEnough) {  // tokens with no text of their own (special ones): keep the window short
            prefixOffset = readOffset;
            readOffset = size;
        }
        return "";
    }

    /** The text of the tokens still held back (at the end of the sequence). */
    public String flush() {
        if (readOffset == size) {
            return "";
        }
        String prefix = tokenizer.decode(Arrays.copyOfRange(ids, prefixOffset, readOffset), true);
        String text = tokenizer.decode(Arrays.copyOfRange(ids, prefixOffset, size), true);
        readOffset = size;
        prefixOffset = size;
        return text.length() > prefix.length() ? text.substring(prefix.length()) : "";
    }
}
