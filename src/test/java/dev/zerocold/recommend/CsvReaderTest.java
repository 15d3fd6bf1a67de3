package dev.zerocold.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

class CsvReaderTest {

    @Test
    void parsesPlainAndQuotedFields() throws IOException {
        String csv = "id,title,genres\n"
                + "11,\"American President, The\",Comedy|Drama\r\n"
                + "51372,\"\"\"Great Performances\"\" Cats\",Musical\n"
                + "7,,\n"
                + "8,\"two\nlines\",x";
        assertEquals(List.of(
                List.of("id", "title", "genres"),
                List.of("11", "American President, The", "Comedy|Drama"),
                List.of("51372", "\"Great Performances\" Cats", "Musical"),
                List.of("7", "", ""),
                List.of("8", "two\nlines", "x")), CsvReader.parse(csv));
    }

    @Test
    void keepsQuotesInsideUnquotedFields() throws IOException {
        assertEquals(List.of(List.of("11'09\"01", "a")), CsvReader.parse("11'09\"01,a\n"));
    }

    @Test
    void rejectsUnterminatedQuotes() {
        assertThrows(IOException.class, () -> CsvReader.parse("1,\"open\n"));
    }
}
