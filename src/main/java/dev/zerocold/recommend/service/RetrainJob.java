package dev.zerocold.recommend.service;

import dev.zerocold.recommend.RecommendConfig;
import dev.zerocold.recommend.MovieLensData;
import dev.zerocold.runtime.inference.Inference;
import dev.zerocold.runtime.registry.Deployments;
import dev.zerocold.runtime.registry.ModelVersions;
import dev.zerocold.runtime.serving.ServedModel;
import dev.zerocold.runtime.ModelStatus;
import dev.zerocold.runtime.registry.ModelVersion;
import dev.zerocold.runtime.Task;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Locale;

/**
 * Periodically retrains the default recommender from the base ratings plus the interaction journal
 * ({@link Retrainer}) and, when the result is not worse, serves it as the model's next version
 * ({@link #publish}); versions never change weights behind their name. Requests keep being served on the previous factors during training and swap.
 * Counts runs as {@code zerocold_recommend_retrain_total{outcome=swapped|kept|skipped|failed}}.
 * Runs never overlap ({@code SKIP}, and the {@link RetrainGate}); {@link #retrainNow} may also be
 * called directly.
 */
@ApplicationScoped
public class RetrainJob {

    /** Outcome tag of a run that threw. */
    public static final String FAILED = "failed";

    private static final Logger LOG = Logger.getLogger(RetrainJob.class);

    private final ModelVersions models;
    private final Deployments deployments;
    private final Inference inference;
    private final InteractionService interactions;
    private final RecommendConfig config;
    private final MeterRegistry registry;
    private final RetrainGate gate;

    public RetrainJob(ModelVersions models, Deployments deployments, Inference inference,
                      InteractionService interactions, RecommendConfig config, MeterRegistry registry, RetrainGate gate) {
        this.models = models;
        this.deployments = deployments;
        this.inference = inference;
        this.interactions = interactions;
        this.config = config;
        this.registry = registry;
        this.gate = gate;
    }

    @Scheduled(identity = "recommender-retrain", every = "${zerocold.recommend.retrain-interval}",
            delayed = "${zerocold.recommend.retrain-delay}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        retrainNow();
    }

    /**
     * Serves a retrained model as the recommender's next version: written under the writable model
     * root ({@code <state-dir>/models/<name>/<n>}), deployed, and, once READY, the newest version, which
     * routing prefers unless a traffic split says otherwise (rollback is a traffic change). Versions
     * beyond {@code keep-versions} are drained and their folders deleted; the committed version never
     * changes. Interactions leave the overlay only once every READY version was trained on them.
     *
     * @return the deployed version, READY or FAILED
     */
    public ModelVersion publish(Retrainer.Result result, List<Interaction> journal) throws Exception {
        return publish(result, JournalEntries.of(journal));
    }

    /** {@link #publish(Retrainer.Result, List)} with the journal's sequence numbers. */
    public ModelVersion publish(Retrainer.Result result, JournalEntries journal) throws Exception {
        String name = config.defaultModel();
        int next = models.all().stream().filter(v -> v.key().name().equals(name))
                .mapToInt(v -> Integer.parseInt(v.key().version())).max().orElse(0) + 1;
        Path root = deployments.generatedRoot().resolve(name);
        if (Files.isDirectory(root)) {
            try (var existing = Files.list(root)) {
                next = Math.max(next, existing.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9]{1,9}"))
                        .mapToInt(Integer::parseInt).max().orElse(0) + 1);
            }
        }
        Path dir = root.resolve(Integer.toString(next));
        TrainedVersions.write(dir, result);
        ModelVersion deployed = deployments.deploy(name, Integer.toString(next), dir.toString(), null, null, null);
        deployed.settled().get(2, TimeUnit.MINUTES);
        if (deployed.status() != ModelStatus.READY) {
            LOG.errorf("Retrained %s FAILED to load: %s", deployed.key(), deployed.failure().orElse(""));
            return deployed;
        }
        retireBeyondKept(name, root);
        List<RecommenderModel> serving = models.all().stream()
                .filter(v -> v.key().name().equals(name) && v.status() == ModelStatus.READY)
                .flatMap(v -> v.model(RecommenderModel.class).stream()).toList();
        int trainedByAll = serving.stream().mapToInt(m -> m.current().journalEntries()).min().orElse(0);
        // Interactions every served version was trained on, of users every one of them knows, need no
        // fold-in any more: they leave the overlay (and stop counting against its bounds).
        interactions.forgetTrained(journal.below(trainedByAll),
                user -> serving.stream().allMatch(m -> m.servesUser(user)));
        return deployed;
    }

    /** Drains the retrained versions older than the newest {@code keep-versions} and deletes their folders. */
    private void retireBeyondKept(String name, Path root) throws IOException {
        Path realRoot = root.toAbsolutePath().normalize();
        List<ModelVersion> generated = models.all().stream()
                .filter(v -> v.key().name().equals(name) && v.directory().toAbsolutePath().normalize().startsWith(realRoot))
                .sorted(java.util.Comparator.comparingInt((ModelVersion v) -> Integer.parseInt(v.key().version())).reversed())
                .toList();
        for (ModelVersion old : generated.subList(Math.min(generated.size(), Math.max(1, config.keepVersions())),
                generated.size())) {
            deployments.undeploy(name, old.key().version());
            try (var files = Files.walk(old.directory())) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
            LOG.infof("Removed retrained version %s (keep-versions %d)", old.key(), config.keepVersions());
        }
    }

    /** Runs one retraining, once no other runs; returns the outcome tag it was counted under. */
    public String retrainNow() {
        return gate.exclusively(this::retrainOnce);
    }

    private String retrainOnce() {
        long start = System.nanoTime();
        String outcome = FAILED;
        try {
            ServedModel<RecommendQuery, Recommendations> version = inference.serveNow(Task.RECOMMEND,
                    RecommenderModel.SIGNATURE, config.defaultModel(), null);
            RecommenderModel serving = (RecommenderModel) version.model();
            RecommenderModel.Snapshot snapshot = serving.current();
            interactions.compact();
            JournalEntries journal = interactions.journal();
            MovieLensData base = journal.next() > snapshot.journalEntries()
                    ? MovieLensData.load(config.dataset()) : new MovieLensData(List.of(), java.util.Map.of());
            Retrainer.Result result = new Retrainer(config.retrainTolerance())
                    .retrain(base, journal, snapshot.factors(), snapshot.journalEntries());
            outcome = result.outcome().id();
            if (result.outcome() == Retrainer.Outcome.SWAPPED) {
                outcome = publish(result, journal).status() == ModelStatus.READY ? outcome : FAILED;
            }
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
