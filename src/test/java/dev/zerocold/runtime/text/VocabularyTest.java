package dev.zerocold.runtime.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VocabularyTest {

    private static final Map<String, Integer> ENTRIES = Map.of("un", 3, "##aff", 7, "able", 1, "a", 0, "é", 12);

    @Test
    void findsKeysByRangeWithoutSubstrings() throws IOException {
        for (Vocabulary table : new Vocabulary[] {Vocabulary.of(ENTRIES), roundTrip(Vocabulary.of(ENTRIES))}) {
            ENTRIES.forEach((key, id) -> assertEquals(id, table.get(key), key));
            assertEquals(1, table.get("unable", 2, 6));
            assertEquals(3, table.get("unable", 0, 2));
            assertEquals(-1, table.get("unab", 0, 3));
            assertEquals(-1, table.get("", 0, 0));
            assertEquals(5, table.size());
            assertEquals(5, table.maxLength());
            assertEquals(12, table.maxId());
            String[] byId = table.keysById(13);
            assertEquals("é", byId[12]);
            assertEquals(null, byId[2]);
        }
    }

    @Test
    void anEmptyTableFindsNothing() throws IOException {
        Vocabulary empty = roundTrip(Vocabulary.of(Map.of()));
        assertEquals(-1, empty.get("a"));
        assertEquals(0, empty.maxLength());
        assertArrayEquals(new String[0], empty.keysById(0));
    }

    @Test
    void rejectsACorruptIndex() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Vocabulary.of(ENTRIES).write(new DataOutputStream(bytes));
        byte[] data = bytes.toByteArray();
        data[data.length - 1] = 99;  // a slot pointing past the keys
        assertThrows(IOException.class, () -> Vocabulary.read(new DataInputStream(new ByteArrayInputStream(data))));
        byte[] badSizes = data.clone();
        badSizes[11] = 3;  // slot count 3: not a power of two
        assertThrows(IOException.class, () -> Vocabulary.read(new DataInputStream(new ByteArrayInputStream(badSizes))));
    }

    private static Vocabulary roundTrip(Vocabulary table) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        table.write(new DataOutputStream(bytes));
        return Vocabulary.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }
}
