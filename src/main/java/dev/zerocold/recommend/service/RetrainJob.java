package dev.zerocold.recommend.service;

import dev.zerocold.recommend.RecommendConfig;
import dev.zerocold.recommend.MovieLensData;
import dev.zerocold.runtime.ModelManager;
import dev.zerocold.runtime.ModelVersion;
import dev.zerocold.runtime.Task;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Locale;

/**
 * Periodically retrains the default recommender from the base ratings plus the interaction journal
 * ({@link Retrainer}) and swaps the result into the serving {@link RecommenderModel} in memory when
 * it is not worse, as the version's next generation. Requests keep being served on the previous factors during training and swap.
 * Counts runs as {@code zerocold_recommend_retrain_total{outcome=swapped|kept|skipped|failed}}.
 * Runs never overlap ({@code SKIP}); {@link #retrainNow} may also be called directly.
 */
@ApplicationScoped
public class RetrainJob {

    /** Outcome tag of a run that threw. */
    public static final String FAILED = "failed";

    private static final Logger LOG = Logger.getLogger(RetrainJob.class);

    private final ModelManager models;
    private final InteractionService interactions;
    private final RecommendConfig config;
    private final MeterRegistry registry;

    public RetrainJob(ModelManager models, InteractionService interactions, RecommendConfig config,
                      MeterRegistry registry) {
        this.models = models;
        this.interactions = interactions;
        this.config = config;
        this.registry = registry;
    }

    @Scheduled(identity = "recommender-retrain", every = "${zerocold.recommend.retrain-interval}",
            delayed = "${zerocold.recommend.retrain-delay}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        retrainNow();
    }

    /** Runs one retraining; returns the outcome tag it was counted under. */
    public synchronized String retrainNow() {
        long start = System.nanoTime();
        String outcome = FAILED;
        try {
            ModelVersion version = models.resolve(Task.RECOMMEND, config.defaultModel(), null);
            RecommenderModel serving = version.model(RecommenderModel.class).orElseThrow(
                    () -> new IllegalStateException(version.key() + " is not a recommender"));
            RecommenderModel.Snapshot snapshot = serving.current();
            List<Interaction> journal = interactions.journal();
            MovieLensData base = journal.size() > snapshot.journalEntries()
                    ? MovieLensData.load(config.dataset()) : new MovieLensData(List.of(), java.util.Map.of());
            Retrainer.Result result = new Retrainer(config.retrainTolerance())
                    .retrain(base, journal, snapshot.factors(), snapshot.journalEntries());
            if (result.outcome() == Retrainer.Outcome.SWAPPED) {
                version.update(RecommenderModel.class,
                        model -> model.swap(result.model(), result.journalEntries(), result.namedUsers()));
                // Users the new model knows (numeric ids and named ones) are served by it; their
                // trained interactions no longer need the overlay (and stop counting against its bounds).
                interactions.forgetTrained(journal.subList(0, result.journalEntries()), serving::servesUser);
            }
            outcome = result.outcome().id();
            LOG.info(String.format(Locale.ROOT, "Retraining of %s: %s (%d journal entries, holdout NDCG@10 serving %.4f, "
                            + "candidate %.4f) in %.1f s", version.key(), outcome, journal.size(), result.servingNdcg(),
                    result.candidateNdcg(), (System.nanoTime() - start) / 1e9));
        } catch (Exception e) {
            LOG.errorf(e, "Retraining failed; the serving model is unchanged");
        } finally {
            Counter.builder("zerocold.recommend.retrain").description("Recommender retraining runs by outcome")
                    .tag("outcome", outcome).register(registry).increment();
        }
        return outcome;
    }
}
