package dev.zerocold.recommend.service;

import dev.zerocold.common.CapacityExceededException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * The journal and the in-memory overlay kept in step: opening replays the journal into the
 * overlay, and {@link #accept} writes durably before the interaction becomes visible.
 * Thread-safe: accepts are serialised, reads go to the overlay.
 */
public final class InteractionStore implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(InteractionStore.class);

    private final InteractionJournal journal;
    private final InteractionOverlay overlay;
    private final int retryAfterSeconds;

    private InteractionStore(InteractionJournal journal, InteractionOverlay overlay, int retryAfterSeconds) {
        this.journal = journal;
        this.overlay = overlay;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Opens (creating if needed) the journal at {@code file} and replays it. */
    public static InteractionStore open(Path file, int maxUsers, int maxItemsPerUser, int retryAfterSeconds)
            throws IOException {
        InteractionOverlay overlay = new InteractionOverlay(maxUsers, maxItemsPerUser);
        List<Interaction> replay = InteractionJournal.read(file);
        int dropped = 0;
        for (Interaction interaction : replay) {
            if (!overlay.add(interaction)) {
                dropped++;
            }
        }
        if (dropped > 0) {
            LOG.warnf("%d journal entries exceed the in-memory bounds and are not folded in until retraining", dropped);
        }
        LOG.infof("Replayed %d interactions of %d users from %s", replay.size() - dropped, overlay.users(),
                file.toAbsolutePath());
        return new InteractionStore(new InteractionJournal(file), overlay, retryAfterSeconds);
    }

    /**
     * Records {@code interaction}: on disk first, then in memory.
     *
     * @throws CapacityExceededException the overlay is full; nothing was written
     * @throws IOException               the journal write failed; nothing was recorded in memory
     */
    public synchronized void accept(Interaction interaction) throws IOException {
        String full = overlay.fits(interaction);
        if (full != null) {
            throw new CapacityExceededException("interaction not accepted: " + full, retryAfterSeconds);
        }
        journal.append(interaction);
        overlay.add(interaction);
    }

    /** The user's interactions accepted so far (latest per item). */
    public List<Interaction> recent(String userId) {
        return overlay.of(userId);
    }

    /** See {@link InteractionOverlay#forget}; the journal keeps everything. */
    public void forgetTrained(Collection<Interaction> trained, Predicate<String> servedByModel) {
        overlay.forget(trained, servedByModel);
    }

    /**
     * Every journal entry accepted so far, in order, read back from disk. Only the journal's size is
     * taken under the lock; the reading does not hold up accepts.
     */
    public JournalEntries journalEntries() throws IOException {
        long size;
        synchronized (this) {
            size = journal.size();
        }
        return InteractionJournal.entries(journal.file(), size);
    }

    /** Compacts the journal (appends go on meanwhile); the overlay already holds only the latest per item. */
    public void compact() throws IOException {
        journal.compact();
    }

    /** Closes the journal for a process snapshot ({@link InteractionJournal#suspend}); accepts wait. */
    public void suspend() throws IOException {
        journal.suspend();
    }

    /** Reopens the journal after {@link #suspend}; waiting accepts go on. */
    public void resume() throws IOException {
        journal.resume();
    }

    @Override
    public void close() throws IOException {
        journal.close();
    }
}
