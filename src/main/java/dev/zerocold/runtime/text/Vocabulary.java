package dev.zerocold.runtime.text;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An immutable table from strings to ids kept in four flat arrays (the keys' characters, where each
 * key ends, their ids, and an open-addressing hash index), with no object per entry. It is looked up
 * by a range of a {@link CharSequence}, without making a substring, and written and read as bulk
 * blocks, so loading a 30,000-piece vocabulary is a few array copies rather than 30,000 map inserts.
 * Thread-safe.
 */
final class Vocabulary {

    private static final int MAX_ENTRIES = 1 << 24;

    private final char[] chars;
    private final int[] ends;
    private final int[] ids;
    /** Power-of-two hash index: key number + 1, or 0 for an empty slot; linear probing. */
    private final int[] slots;
    private final int maxLength;

    private Vocabulary(char[] chars, int[] ends, int[] ids, int[] slots) {
        this.chars = chars;
        this.ends = ends;
        this.ids = ids;
        this.slots = slots;
        int longest = 0;
        for (int i = 0; i < ends.length; i++) {
            longest = Math.max(longest, ends[i] - start(i));
        }
        this.maxLength = longest;
    }

    /** A table of {@code entries}, keys stored in id order. */
    static Vocabulary of(Map<String, Integer> entries) {
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(entries.entrySet());
        sorted.sort(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
        StringBuilder text = new StringBuilder();
        int[] ends = new int[sorted.size()];
        int[] ids = new int[sorted.size()];
        for (int i = 0; i < ends.length; i++) {
            text.append(sorted.get(i).getKey());
            ends[i] = text.length();
            ids[i] = sorted.get(i).getValue();
        }
        char[] chars = text.toString().toCharArray();
        int[] slots = new int[Integer.highestOneBit(Math.max(1, ends.length) * 2) * 2];
        for (int i = 0; i < ends.length; i++) {
            int slot = hash(text, i == 0 ? 0 : ends[i - 1], ends[i]) & (slots.length - 1);
            while (slots[slot] != 0) {
                slot = (slot + 1) & (slots.length - 1);
            }
            slots[slot] = i + 1;
        }
        return new Vocabulary(chars, ends, ids, slots);
    }

    /** The id of {@code text[from, to)}, or -1 when it is not in the table. */
    int get(CharSequence text, int from, int to) {
        int length = to - from;
        int mask = slots.length - 1;
        for (int slot = hash(text, from, to) & mask; slots[slot] != 0; slot = (slot + 1) & mask) {
            int key = slots[slot] - 1;
            int start = start(key);
            if (ends[key] - start == length && matches(text, from, start, length)) {
                return ids[key];
            }
        }
        return -1;
    }

    /** The id of {@code key}, or -1. */
    int get(String key) {
        return get(key, 0, key.length());
    }

    int size() {
        return ends.length;
    }

    /** Length of the longest key. */
    int maxLength() {
        return maxLength;
    }

    /** Every key by id (ids absent from the table are null), for turning ids back into text. */
    String[] keysById(int idCount) {
        String[] keys = new String[idCount];
        for (int i = 0; i < ends.length; i++) {
            keys[ids[i]] = new String(chars, start(i), ends[i] - start(i));
        }
        return keys;
    }

    /** The largest id, or -1 for an empty table. */
    int maxId() {
        int max = -1;
        for (int id : ids) {
            max = Math.max(max, id);
        }
        return max;
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(ends.length);
        out.writeInt(chars.length);
        out.writeInt(slots.length);
        ByteBuffer block = ByteBuffer.allocate(chars.length * Character.BYTES
                + (ends.length * 2 + slots.length) * Integer.BYTES);
        block.asCharBuffer().put(chars);
        block.position(chars.length * Character.BYTES);
        block.asIntBuffer().put(ends).put(ids).put(slots);
        out.write(block.array());
    }

    static Vocabulary read(DataInputStream in) throws IOException {
        int size = in.readInt();
        int charCount = in.readInt();
        int slotCount = in.readInt();
        if (size < 0 || size > MAX_ENTRIES || charCount < 0 || charCount > MAX_ENTRIES * 16
                || slotCount < 2 * size || slotCount > 4 * MAX_ENTRIES || Integer.bitCount(slotCount) != 1) {
            throw new IOException("not a vocabulary table (sizes " + size + ", " + charCount + ", " + slotCount + ")");
        }
        byte[] bytes = new byte[charCount * Character.BYTES + (size * 2 + slotCount) * Integer.BYTES];
        in.readFully(bytes);
        ByteBuffer block = ByteBuffer.wrap(bytes);
        char[] chars = new char[charCount];
        block.asCharBuffer().get(chars);
        block.position(charCount * Character.BYTES);
        int[] ends = new int[size];
        int[] ids = new int[size];
        int[] slots = new int[slotCount];
        block.asIntBuffer().get(ends).get(ids).get(slots);
        for (int i = 0; i < size; i++) {
            if (ends[i] < (i == 0 ? 0 : ends[i - 1]) || ends[i] > charCount || ids[i] < 0) {
                throw new IOException("vocabulary table is corrupt at entry " + i);
            }
        }
        int used = 0;
        for (int slot : slots) {
            if (slot < 0 || slot > size) {
                throw new IOException("vocabulary index is corrupt");
            }
            used += slot == 0 ? 0 : 1;
        }
        if (used != size) {
            throw new IOException("vocabulary index holds " + used + " keys, not " + size);
        }
        return new Vocabulary(chars, ends, ids, slots);
    }

    private int start(int key) {
        return key == 0 ? 0 : ends[key - 1];
    }

    private boolean matches(CharSequence text, int from, int start, int length) {
        for (int i = 0; i < length; i++) {
            if (text.charAt(from + i) != chars[start + i]) {
                return false;
            }
        }
        return true;
    }

    private static int hash(CharSequence text, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + text.charAt(i);
        }
        return h ^ (h >>> 16);
    }
}
