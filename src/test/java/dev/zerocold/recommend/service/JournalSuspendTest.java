package dev.zerocold.recommend.service;

import dev.zerocold.runtime.snapshot.OpenFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal closed for a process snapshot: the file is released, an append meanwhile waits and is
 * written after the reopening, and nothing waits forever.
 */
class JournalSuspendTest {

    @TempDir
    Path dir;

    private static Interaction event(String user, int item, long at) {
        return new Interaction(user, item, null, at);
    }

    @Test
    void aJournalResumedWhereItsFileVanishedAppendsToANewOne() throws Exception {
        Path file = dir.resolve("state").resolve("interactions.log");
        try (InteractionJournal journal = new InteractionJournal(file)) {
            journal.append(event("u1", 1, 1));
            journal.suspend();
            Files.delete(file);  // a restore on a new volume, or on an image's discarded state directory
            Files.delete(file.getParent());
            journal.resume();
            journal.append(event("u2", 2, 2));
            assertEquals(List.of("u2"), InteractionJournal.read(file).stream().map(Interaction::userId).toList());
        }
    }

    @Test
    void suspendReleasesTheFileAndAnAppendMeanwhileLandsAfterResume() throws Exception {
        Path file = dir.resolve("interactions.log");
        try (InteractionJournal journal = new InteractionJournal(file)) {
            journal.append(event("u1", 1, 1));
            assertTrue(OpenFiles.holds(file));

            journal.suspend();
            journal.suspend();
            assertFalse(journal.isOpen());
            assertFalse(OpenFiles.holds(file), "the journal's descriptor must be closed");
            assertEquals(1, InteractionJournal.read(file).size(), "flushed before closing");

            CompletableFuture<Void> racing = CompletableFuture.runAsync(() -> {
                try {
                    journal.append(event("u2", 2, 2));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThrows(TimeoutException.class, () -> racing.get(200, TimeUnit.MILLISECONDS));
            assertFalse(OpenFiles.holds(file));

            journal.resume();
            racing.get(5, TimeUnit.SECONDS);
            assertTrue(journal.isOpen());
            journal.append(event("u3", 3, 3));
            assertEquals(List.of("u1", "u2", "u3"), InteractionJournal.read(file).stream().map(Interaction::userId).toList());
            journal.compact();  // compaction's swap reopens the file it suspended from
            assertEquals(3, InteractionJournal.read(file).size());
        }
    }

    @Test
    void appendsWaitingOnASuspensionFailWhenTheJournalCannotComeBack() throws Exception {
        Path file = dir.resolve("interactions.log");
        InteractionJournal journal = new InteractionJournal(file);
        journal.suspend();
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
            try {
                journal.append(event("u1", 1, 1));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Files.delete(file);
        Files.createDirectory(file);  // a vanished file is recreated; a folder in its place cannot be
        assertThrows(IOException.class, journal::resume);
        ExecutionException failed = assertThrows(ExecutionException.class, () -> waiting.get(5, TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, failed.getCause().getCause());
        journal.close();
        assertThrows(IOException.class, () -> journal.append(event("u2", 2, 2)));
    }
}
