package dev.zerocold.recommend.service;

import java.util.ArrayList;
import java.util.List;

/**
 * Journal entries with their sequence numbers: every accepted interaction gets the next number, and
 * keeps it when compaction folds older entries of the same user and item away. A model trained on
 * the journal records {@code next} as its watermark: it has learnt every entry numbered below it.
 *
 * @param seqs one per entry, ascending
 * @param next the number the next accepted interaction gets (the count of interactions ever accepted)
 */
public record JournalEntries(List<Interaction> entries, long[] seqs, long next) {

    public JournalEntries {
        entries = List.copyOf(entries);
        if (seqs.length != entries.size()) {
            throw new IllegalArgumentException(entries.size() + " entries but " + seqs.length + " sequence numbers");
        }
    }

    /** Entries numbered by their position, as in a journal that was never compacted. */
    public static JournalEntries of(List<Interaction> entries) {
        long[] seqs = new long[entries.size()];
        for (int i = 0; i < seqs.length; i++) {
            seqs[i] = i;
        }
        return new JournalEntries(entries, seqs, entries.size());
    }

    /** The entries a model with {@code watermark} has learnt (numbered below it). */
    public List<Interaction> below(long watermark) {
        List<Interaction> out = new ArrayList<>();
        for (int i = 0; i < seqs.length && seqs[i] < watermark; i++) {
            out.add(entries.get(i));
        }
        return out;
    }

    /** How many entries are numbered below {@code watermark}: the index where the newer ones start. */
    public int countBelow(long watermark) {
        int n = 0;
        while (n < seqs.length && seqs[n] < watermark) {
            n++;
        }
        return n;
    }

    public int size() {
        return entries.size();
    }
}
