package dev.zerocold.recommend.service;

import dev.zerocold.common.CapacityExceededException;
import dev.zerocold.recommend.FactorModelStore;
import dev.zerocold.recommend.ScoredItem;
import dev.zerocold.recommend.TrainRecommender;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The journal, its replay and the overlay bounds, with the committed model but without Quarkus. */
class InteractionStoreTest {

    private static RecommenderModel model;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadModel() throws IOException {
        model = new RecommenderModel(FactorModelStore.read(TrainRecommender.MODEL_DIR));
    }

    @Test
    void restartReplaysTheJournalWithTheSameEffect() throws IOException {
        Path journal = dir.resolve("sub/interactions.log");
        List<String> cold = items("alice", List.of());
        List<String> before;
        try (InteractionStore store = InteractionStore.open(journal, 100, 100, 1)) {
            for (int item : new int[] {1, 2, 3, 6}) {
                store.accept(new Interaction("alice", item, 4.5f, 1_000L * item));
            }
            store.accept(new Interaction("42", 356, null, 5_000));
            before = items("alice", store.recent("alice"));
        }
        assertNotEquals(cold, before);
        try (InteractionStore replayed = InteractionStore.open(journal, 100, 100, 1)) {
            assertEquals(4, replayed.recent("alice").size());
            assertEquals(before, items("alice", replayed.recent("alice")));
            assertEquals(List.of(new Interaction("42", 356, null, 5_000)), replayed.recent("42"));
            assertEquals(5, replayed.journalEntries().size());
        }
    }

    @Test
    void readingUpToAnEarlierSizeSeesExactlyTheEntriesAcceptedBeforeIt() throws IOException {
        Path file = dir.resolve("sized.log");
        try (InteractionJournal journal = new InteractionJournal(file)) {
            journal.append(new Interaction("u1", 1, 3.0f, 1));
            journal.append(new Interaction("u2", 2, null, 2));
            long size = journal.size();
            journal.append(new Interaction("u3", 3, 4.5f, 3));
            assertEquals(List.of("u1", "u2"), InteractionJournal.read(file, size).stream().map(Interaction::userId).toList());
            assertEquals(List.of("u1", "u2", "u3"), InteractionJournal.read(file).stream().map(Interaction::userId).toList());
            assertEquals(List.of(), InteractionJournal.read(file, 0));
        }
    }

    @Test
    void aTornLastLineIsSkippedAndNotGluedToTheNextEntry() throws IOException {
        Path journal = dir.resolve("interactions.log");
        try (InteractionStore store = InteractionStore.open(journal, 10, 10, 1)) {
            store.accept(new Interaction("u1", 1, 3.0f, 1));
        }
        // Torn inside the rating ("4.5" cut to "4"): what is left would still parse as a whole entry.
        Files.writeString(journal, "2\tu2\t35\t4", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (InteractionStore store = InteractionStore.open(journal, 10, 10, 1)) {
            store.accept(new Interaction("u3", 3, null, 3));
        }
        List<Interaction> entries = InteractionJournal.read(journal);
        assertEquals(List.of("u1", "u3"), entries.stream().map(Interaction::userId).toList());
    }

    @Test
    void overlayBoundsRejectWithoutWriting() throws IOException {
        Path journal = dir.resolve("interactions.log");
        try (InteractionStore store = InteractionStore.open(journal, 1, 2, 7)) {
            store.accept(new Interaction("u1", 1, null, 1));
            store.accept(new Interaction("u1", 2, null, 2));
            store.accept(new Interaction("u1", 2, 5.0f, 3));
            CapacityExceededException items = assertThrows(CapacityExceededException.class,
                    () -> store.accept(new Interaction("u1", 3, null, 4)));
            assertEquals(7, items.retryAfterSeconds().orElseThrow());
            assertThrows(CapacityExceededException.class, () -> store.accept(new Interaction("u2", 1, null, 5)));
            assertEquals(3, store.journalEntries().size());
            assertEquals(5.0f, store.recent("u1").get(1).rating());
        }
    }

    @Test
    void newInteractionsOfAKnownUserAreFoldedInAndExcluded() {
        List<String> trained = items("1", List.of());
        List<Interaction> recent = trained.subList(0, 3).stream()
                .map(id -> new Interaction("1", Integer.parseInt(id), 5.0f, 1)).toList();
        List<String> folded = items("1", recent);
        assertNotEquals(trained, folded);
        assertTrue(folded.stream().noneMatch(trained.subList(0, 3)::contains));
    }

    private static List<String> items(String user, List<Interaction> recent) {
        Recommendations out = model.predict(List.of(new RecommendQuery(user, 10, true, null, recent))).get(0).value();
        return out.items().stream().map(ScoredItem::item).map(i -> Integer.toString(i.id())).toList();
    }
}
