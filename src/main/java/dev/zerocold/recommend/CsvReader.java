package dev.zerocold.recommend;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Minimal RFC 4180 CSV reader: comma-separated fields, optionally enclosed in double quotes,
 * with doubled quotes inside quoted fields and line breaks allowed inside quotes. Accepts
 * {@code \n} and {@code \r\n} record separators. Not thread-safe; wraps one {@link Reader}.
 */
public final class CsvReader {

    private final Reader in;
    private int peeked = -2;

    public CsvReader(Reader in) {
        this.in = in;
    }

    /** Parses every record of {@code text}. */
    public static List<List<String>> parse(String text) throws IOException {
        CsvReader reader = new CsvReader(new StringReader(text));
        List<List<String>> records = new ArrayList<>();
        for (List<String> r = reader.next(); r != null; r = reader.next()) {
            records.add(r);
        }
        return records;
    }

    /** Returns the next record's fields, or {@code null} at end of input. */
    public List<String> next() throws IOException {
        int c = read();
        if (c == -1) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStart = true;
        while (true) {
            if (quoted) {
                if (c == -1) {
                    throw new IOException("unterminated quoted field");
                }
                if (c == '"') {
                    if (peek() == '"') {
                        read();
                        field.append('"');
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append((char) c);
                }
            } else if (c == '"' && fieldStart) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                fieldStart = true;
                c = read();
                continue;
            } else if (c == '\n' || c == -1) {
                break;
            } else if (c == '\r' && peek() == '\n') {
                read();
                break;
            } else {
                field.append((char) c);
            }
            fieldStart = false;
            c = read();
        }
        fields.add(field.toString());
        return fields;
    }

    private int read() throws IOException {
        if (peeked != -2) {
            int c = peeked;
            peeked = -2;
            return c;
        }
        return in.read();
    }

    private int peek() throws IOException {
        if (peeked == -2) {
            peeked = in.read();
        }
        return peeked;
    }
}
