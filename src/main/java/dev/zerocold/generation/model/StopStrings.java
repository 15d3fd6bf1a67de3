package dev.zerocold.generation.model;

import java.util.List;

/**
 * Finds a request's stop strings in its generated text, across token boundaries: text that could
 * still become the start of a stop string is held back until the next token tells. When one is
 * found, the text before it is released and the rest dropped (OpenAI: the stop string is not
 * returned). Not thread-safe: one sequence.
 */
public final class StopStrings {

    private final List<String> stops;
    private final StringBuilder held = new StringBuilder();
    private boolean stopped;

    public StopStrings(List<String> stops) {
        this.stops = List.copyOf(stops);
    }

    /** The text released by adding {@code text}. */
    public String add(String text) {
        if (stopped) {
            return "";
        }
        held.append(text);
        if (stops.isEmpty()) {
            return release(held.length());
        }
        int first = -1;
        for (String stop : stops) {
            int at = held.indexOf(stop);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        if (first >= 0) {
            stopped = true;
            String out = held.substring(0, first);
            held.setLength(0);
            return out;
        }
        return release(held.length() - heldBack());
    }

    /** True once a stop string was found. */
    public boolean stopped() {
        return stopped;
    }

    /** The text still held back, at the end of the sequence. */
    public String flush() {
        return stopped ? "" : release(held.length());
    }

    /** Length of the longest end of the held text that starts some stop string. */
    private int heldBack() {
        int longest = 0;
        for (String stop : stops) {
            for (int n = Math.min(stop.length() - 1, held.length()); n > longest; n--) {
                if (endsWithStartOf(stop, n)) {
                    longest = n;
                    break;
                }
            }
        }
        return longest;
    }

    private boolean endsWithStartOf(String stop, int n) {
        int base = held.length() - n;
        for (int i = 0; i < n; i++) {
            if (held.charAt(base + i) != stop.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private String release(int count) {
        String out = held.substring(0, count);
        held.delete(0, count);
        return out;
    }
}
