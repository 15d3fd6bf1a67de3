package dev.zerocold.recommend.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compaction folds each user's entries per item into the latest, keeps every sequence number, keeps
 * what is appended while it runs, and leaves a journal that reopens and replays.
 */
class JournalCompactionTest {

    @TempDir
    Path dir;

    private static Interaction event(String user, int item, Float rating, long at) {
        return new Interaction(user, item, rating, at);
    }

    @Test
    void foldsToTheLatestPerUserAndItemKeepingSequenceNumbers() throws IOException {
        Path file = dir.resolve("interactions.log");
        try (InteractionJournal journal = new InteractionJournal(file)) {
            journal.append(event("u1", 1, 3f, 1));
            journal.append(event("u1", 2, null, 2));
            journal.append(event("u1", 1, 5f, 3));
            journal.append(event("u2", 1, null, 4));
            journal.append(event("u1", 2, 4f, 5));
            assertEquals(2, journal.compact());
            JournalEntries after = InteractionJournal.entries(file, Long.MAX_VALUE);
            assertEquals(List.of(event("u1", 1, 5f, 3), event("u2", 1, null, 4), event("u1", 2, 4f, 5)), after.entries());
            assertArrayEquals(new long[] {2, 3, 4}, after.seqs());
            assertEquals(5, after.next());

            journal.append(event("u3", 7, null, 6));
            JournalEntries more = InteractionJournal.entries(file, Long.MAX_VALUE);
            assertArrayEquals(new long[] {2, 3, 4, 5}, more.seqs());
            assertEquals(6, more.next());
            assertEquals(List.of(event("u1", 1, 5f, 3), event("u2", 1, null, 4)), more.below(4));
            assertEquals(2, more.countBelow(4));

            assertEquals(0, journal.compact());  // nothing left to fold: the same entries and numbers
            assertArrayEquals(new long[] {2, 3, 4, 5}, InteractionJournal.entries(file, Long.MAX_VALUE).seqs());
        }
        try (InteractionJournal reopened = new InteractionJournal(file)) {
            reopened.append(event("u4", 9, null, 7));
        }
        JournalEntries last = InteractionJournal.entries(file, Long.MAX_VALUE);
        assertArrayEquals(new long[] {2, 3, 4, 5, 6}, last.seqs());
        try (InteractionStore store = InteractionStore.open(file, 100, 100, 1)) {
            assertEquals(List.of(event("u1", 1, 5f, 3), event("u1", 2, 4f, 5)),
                    store.recent("u1").stream().sorted(java.util.Comparator.comparingInt(Interaction::itemId)).toList());
        }
    }

    @Test
    void appendsDuringCompactionAreKept() throws Exception {
        Path file = dir.resolve("interactions.log");
        int total = 3_000;
        try (InteractionJournal journal = new InteractionJournal(file)) {
            AtomicBoolean done = new AtomicBoolean();
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < total; i++) {
                        journal.append(event("u" + (i % 7), i % 11, (float) (i % 5 + 1), i));
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                } finally {
                    done.set(true);
                }
            });
            writer.start();
            int compactions = 0;
            while (!done.get()) {
                journal.compact();
                compactions++;
            }
            writer.join();
            journal.compact();
            assertTrue(compactions > 0);
        }
        JournalEntries entries = InteractionJournal.entries(file, Long.MAX_VALUE);
        assertEquals(total, entries.next());
        Map<String, Interaction> expected = new HashMap<>();
        for (int i = 0; i < total; i++) {
            expected.put("u" + (i % 7) + "/" + (i % 11), event("u" + (i % 7), i % 11, (float) (i % 5 + 1), i));
        }
        Map<String, Interaction> found = new HashMap<>();
        for (Interaction e : entries.entries()) {
            found.put(e.userId() + "/" + e.itemId(), e);
        }
        assertEquals(expected, found);
        assertEquals(expected.size(), entries.size());
        long[] sorted = entries.seqs().clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, entries.seqs());
        for (int i = 0; i < entries.size(); i++) {
            assertEquals(entries.entries().get(i).timestampMillis(), entries.seqs()[i], "entry " + i);
        }
        assertTrue(Files.readAllLines(file).size() <= expected.size() + 1);
    }

    @Test
    void aWatermarkSplitsKnownFromFreshAfterCompaction() throws IOException {
        Path file = dir.resolve("interactions.log");
        List<Interaction> appended = new ArrayList<>();
        try (InteractionJournal journal = new InteractionJournal(file)) {
            for (int i = 0; i < 6; i++) {
                Interaction e = event("u", i % 3, null, i);
                journal.append(e);
                appended.add(e);
            }
            journal.compact();
        }
        JournalEntries entries = InteractionJournal.entries(file, Long.MAX_VALUE);
        assertEquals(6, entries.next());
        assertEquals(List.of(), entries.below(3));  // everything a model trained on 3 saw was re-sent since
        assertEquals(appended.subList(3, 6), entries.below(6));
    }
}
