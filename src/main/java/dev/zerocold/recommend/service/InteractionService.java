package dev.zerocold.recommend.service;

import dev.zerocold.common.InvalidInputException;
import dev.zerocold.common.ItemNotFoundException;
import dev.zerocold.recommend.RecommendConfig;
import dev.zerocold.runtime.ModelsConfig;
import dev.zerocold.runtime.inference.Inference;
import dev.zerocold.runtime.serving.ServedModel;
import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.snapshot.Snapshot;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import org.crac.Context;
import org.crac.Resource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * Accepts interactions for the default recommender: checks the item against its catalogue, then
 * records it durably through the {@link InteractionStore}. Created at startup, when it replays the
 * journal. For a process snapshot the journal file is flushed and closed, and reopened after
 * restore; an accept meanwhile waits for the reopening ({@link Snapshot}). Thread-safe.
 */
@Startup
@ApplicationScoped
@Priority(Snapshot.RESOURCES)
public class InteractionService implements Resource {

    private final Inference inference;
    private final RecommendConfig config;
    private final InteractionStore store;

    public InteractionService(Inference inference, RecommendConfig config, ModelsConfig modelsConfig) {
        this.inference = inference;
        this.config = config;
        try {
            this.store = InteractionStore.open(this.config.journal(), this.config.maxUsers(),
                    this.config.maxItemsPerUser(), modelsConfig.retryAfterSeconds());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the interaction journal " + this.config.journal(), e);
        }
    }

    /**
     * Records that {@code userId} interacted with {@code itemId}.
     *
     * @param rating stars 0.5..5.0 in steps of 0.5, or null for an implicit interaction
     */
    public Interaction accept(String userId, String itemId, Double rating) {
        if (rating != null && (rating < 0.5 || rating > 5.0 || rating * 2 != Math.rint(rating * 2))) {
            throw new InvalidInputException("rating must be 0.5 to 5.0 in steps of 0.5, got " + rating);
        }
        ServedModel<RecommendQuery, Recommendations> version = inference.serveNow(Task.RECOMMEND,
                RecommenderModel.SIGNATURE, config.defaultModel(), null);
        RecommenderModel model = (RecommenderModel) version.model();
        int item = Interaction.numericId(itemId);
        if (item < 0 || !model.knowsItem(item)) {
            throw new ItemNotFoundException("no item '" + itemId + "' in the catalogue", version.key().name(),
                    version.key().version());
        }
        Interaction interaction = new Interaction(userId, item, rating == null ? null : rating.floatValue(),
                System.currentTimeMillis());
        try {
            store.accept(interaction);
        } catch (IOException e) {
            throw new UncheckedIOException("journal write failed", e);
        }
        return interaction;
    }

    /** The user's interactions accepted so far (latest per item), for fold-in. */
    public List<Interaction> recent(String userId) {
        return store.recent(userId);
    }

    /** Releases held interactions a newly swapped-in model was trained on (see {@link InteractionOverlay#forget}). */
    public void forgetTrained(Collection<Interaction> trained, Predicate<String> servedByModel) {
        store.forgetTrained(trained, servedByModel);
    }

    /**
     * Folds the journal's older entries of each user and item into the latest (see
     * {@link InteractionJournal#compact}); runs before every retraining and every
     * {@code zerocold.recommend.compact-interval}.
     */
    @Scheduled(identity = "interaction-journal-compaction", every = "${zerocold.recommend.compact-interval}",
            delayed = "${zerocold.recommend.compact-delay}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void compact() throws IOException {
        store.compact();
    }

    /** Every journal entry, read back from disk, with its sequence number. */
    public JournalEntries journal() throws IOException {
        return store.journalEntries();
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) throws IOException {
        store.suspend();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) throws IOException {
        store.resume();
    }

    @PreDestroy
    void close() throws IOException {
        store.close();
    }
}
