package dev.zerocold.runtime;

import dev.zerocold.common.InvalidInputException;
import dev.zerocold.common.ModelNotFoundException;
import dev.zerocold.common.ModelNotReadyException;
import dev.zerocold.runtime.serving.BatchingPolicy;
import dev.zerocold.runtime.serving.CachePolicy;
import dev.zerocold.runtime.serving.InferenceQueue;
import dev.zerocold.runtime.serving.ServedModel;
import dev.zerocold.runtime.serving.ServingConfig;
import dev.zerocold.runtime.serving.ServingExecutors;
import dev.zerocold.runtime.serving.ServingMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.All;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Owns every deployed model version: scans the model repository at startup, loads eager versions in
 * parallel (HTTP starts listening meanwhile) and lazy ones on their first request, and resolves requests to a READY version. A request
 * for a version that is still loading waits up to {@code zerocold.models.load-wait} rather than
 * failing, so the first request after a cold start is answered; {@link #serve} waits without
 * blocking. Each READY version is served through its own inference queue and cache, whose policies
 * come from the loader's defaults, then model.yaml, then {@code zerocold.serving.model.<name>.*}.
 * Thread-safe.
 */
@ApplicationScoped
public class ModelManager {

    private static final Logger LOG = Logger.getLogger(ModelManager.class);

    private final ModelsConfig config;
    private final ServingConfig serving;
    private final ServingExecutors executors;
    private final List<ModelLoader> loaders;
    private final StartupTimeline timeline;
    private final MeterRegistry registry;
    private final Map<String, NavigableMap<Integer, ModelVersion>> models = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> initialLoad = new CompletableFuture<>();
    private ExecutorService loadPool;

    public ModelManager(ModelsConfig config, ServingConfig serving, ServingExecutors executors,
                        @All List<ModelLoader> loaders, StartupTimeline timeline, MeterRegistry registry) {
        this.config = config;
        this.serving = serving;
        this.executors = executors;
        this.loaders = loaders;
        this.timeline = timeline;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        List<ModelSource> sources = new ModelRepository(config.root()).scan();
        List<ModelVersion> eager = sources.stream().map(this::register)
                .filter(v -> v.status() != ModelStatus.PENDING && v.claimLoad()).toList();
        CompletableFuture.allOf(eager.stream().map(this::loadAsync).toArray(CompletableFuture[]::new))
                .whenComplete((ignored, error) -> settle(eager));
    }

    private CompletableFuture<Void> loadAsync(ModelVersion version) {
        return CompletableFuture.runAsync(() -> load(version), loaders());
    }

    private ModelVersion register(ModelSource source) {
        boolean lazy = config.policy().get(source.key().name()) == ModelsConfig.LoadPolicy.LAZY;
        ModelVersion version = new ModelVersion(source, config.retryAfterSeconds(), lazy);
        models.computeIfAbsent(source.key().name(), n -> Collections.synchronizedNavigableMap(new TreeMap<>()))
                .put(Integer.parseInt(source.key().version()), version);
        Gauge.builder("zerocold.model.ready", version, v -> v.status() == ModelStatus.READY ? 1 : 0)
                .description("1 while the model version is READY, else 0")
                .tags(source.key().tags())
                .register(registry);
        return version;
    }

    private void load(ModelVersion version) {
        long start = System.nanoTime();
        ModelSource source = version.source();
        try {
            if (source.config() == null) {
                throw new IllegalStateException("model.yaml is missing or invalid");
            }
            ModelLoader loader = loaders.stream().filter(l -> l.supports(source.config())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no loader for framework "
                            + source.config().framework().id() + " and task " + source.config().task().id()));
            Model<?, ?> model = loader.load(source);
            version.ready(model, serve(version, model, loader), seconds(start));
            LOG.infof("Model %s READY in %.3f s", version.key(), version.loadSeconds());
        } catch (Exception | LinkageError e) {
            version.failed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), seconds(start));
            LOG.errorf("Model %s FAILED to load: %s", version.key(), version.failure().orElse(""));
            LOG.debugf(e, "Load failure of %s", version.key());
        }
        timeline.markModel(version.key(), version.status(), version.loadSeconds());
    }

    /** The serving core of a loaded version: its queue, cache and metrics, with the policies in force. */
    private <I, O> ServedModel<I, O> serve(ModelVersion version, Model<I, O> model, ModelLoader loader) {
        ModelKey key = version.key();
        ServingConfig.ModelOverride override = serving.model().get(key.name());
        ModelConfig yaml = version.source().config();
        BatchingPolicy batching = loader.batching().with(yaml.batching())
                .with(override == null ? null : override.batching().settings());
        CachePolicy cache = loader.cache().with(yaml.cache()).with(override == null ? null : override.cache().settings());
        ServingMetrics metrics = new ServingMetrics(registry, key);
        InferenceQueue<I, O> queue = new InferenceQueue<>(key, model, batching, executors.batches(), executors.timer(),
                metrics, config.retryAfterSeconds());
        return new ServedModel<>(key, model, queue, cache, version.generationSupplier(), metrics);
    }

    private void settle(List<ModelVersion> versions) {
        timeline.mark(StartupTimeline.MODELS_SETTLED);
        initialLoad.complete(null);
        LOG.infof("Startup: %s; models: %s", timeline.summary(), versions.stream()
                .map(v -> String.format("%s %s (%.3f s)", v.key(), v.status(), v.loadSeconds()))
                .collect(Collectors.joining(", ")));
    }

    /**
     * The version that should serve a request: the named version, or the model's default.
     *
     * @throws ModelNotFoundException no such model or version
     * @throws InvalidInputException  the model serves another task
     * @throws ModelNotReadyException the version is not READY (after waiting for a load in progress)
     */
    public ModelVersion resolve(Task task, String name, String version) {
        ModelVersion chosen = chooseForTask(task, name, version);
        if (chosen.status() == ModelStatus.LOADING) {
            chosen.awaitSettled(config.loadWait());
        }
        return requireReady(chosen);
    }

    /**
     * Like {@link #resolve}, without blocking: the version that should serve a request, as a typed
     * {@link ServedModel}, once it is READY (waiting up to {@code load-wait} for a load under way).
     * Failures are those of {@code resolve}, delivered through the future.
     */
    public <I, O> CompletableFuture<ServedModel<I, O>> serve(Task task, Signature<I, O> signature, String name,
                                                           String version) {
        ModelVersion chosen;
        try {
            chosen = chooseForTask(task, name, version);
            if (chosen.status() != ModelStatus.LOADING) {
                return CompletableFuture.completedFuture(requireReady(chosen).served(signature));
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return chosen.settled().copy()
                .completeOnTimeout(null, config.loadWait().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .thenApply(settled -> requireReady(chosen).served(signature));
    }

    private ModelVersion chooseForTask(Task task, String name, String version) {
        ModelVersion chosen = find(name, version);
        Task served = chosen.config().map(ModelConfig::task).orElse(task);
        if (served != task) {
            throw new InvalidInputException("model '" + name + "' serves task '" + served.id() + "', not '"
                    + task.id() + "'", name, chosen.key().version());
        }
        if (chosen.claimLoad()) {
            loadAsync(chosen);
        }
        return chosen;
    }

    private ModelVersion requireReady(ModelVersion chosen) {
        if (chosen.status() != ModelStatus.READY) {
            String state = chosen.status() == ModelStatus.FAILED ? "failed to load (see /q/health/ready)"
                    : "is " + chosen.status().name().toLowerCase();
            throw new ModelNotReadyException("model " + chosen.key() + " " + state, chosen.key().name(),
                    chosen.key().version(), config.retryAfterSeconds());
        }
        return chosen;
    }

    /**
     * Whether this model version is deployed (any status); for telling known names from user input
     * before using them as metric tags.
     */
    public boolean isDeployed(String name, String version) {
        try {
            return name != null && version != null && find(name, version) != null;
        } catch (ModelNotFoundException e) {
            return false;
        }
    }

    /**
     * Whether {@link #resolve} would return at once for this name and version: the version exists and
     * is READY, so there is no load to start or wait for. Callers use it to keep cheap work on the
     * calling thread; an unknown name or version is simply not ready (resolve reports it).
     */
    public boolean isReady(String name, String version) {
        try {
            return find(name, version).status() == ModelStatus.READY;
        } catch (ModelNotFoundException e) {
            return false;
        }
    }

    /**
     * The named version, or the model's default, whatever its status.
     *
     * @throws ModelNotFoundException no such model or version
     */
    private ModelVersion find(String name, String version) {
        NavigableMap<Integer, ModelVersion> versions = models.get(name);
        if (versions == null || versions.isEmpty()) {
            throw new ModelNotFoundException("no model named '" + name + "' is deployed", name, null);
        }
        ModelVersion chosen = version == null ? defaultVersion(versions) : versions.get(parseVersion(name, version));
        if (chosen == null) {
            throw new ModelNotFoundException("model '" + name + "' has no version '" + version + "'", name, version);
        }
        return chosen;
    }

    /** Every model version, by name then version. */
    public List<ModelVersion> versions() {
        List<ModelVersion> all = new ArrayList<>();
        models.values().forEach(v -> all.addAll(snapshot(v).values()));
        all.sort(Comparator.comparing((ModelVersion v) -> v.key().name())
                .thenComparingInt(v -> Integer.parseInt(v.key().version())));
        return all;
    }

    /** Default version of each eagerly loaded model: the newest READY one, else the newest loading, else the newest. */
    public List<ModelVersion> eagerDefaultVersions() {
        return models.values().stream().map(ModelManager::defaultVersion)
                .filter(v -> v.status() != ModelStatus.PENDING
                        && config.policy().get(v.key().name()) != ModelsConfig.LoadPolicy.LAZY)
                .toList();
    }

    /** True once every version found at startup has finished loading, READY or FAILED. */
    public boolean startupLoadFinished() {
        return initialLoad.isDone();
    }

    @PreDestroy
    void shutdown() {
        if (loadPool != null) {
            loadPool.shutdownNow();
        }
        // HTTP requests have drained by now (quarkus.shutdown.timeout); queued items get the drain time.
        versions().forEach(v -> v.close(serving.drainTimeout()));
    }

    private synchronized ExecutorService loaders() {
        if (loadPool == null) {
            AtomicInteger ids = new AtomicInteger();
            loadPool = Executors.newFixedThreadPool(config.loadThreads(), r -> {
                Thread thread = new Thread(r, "zerocold-model-load-" + ids.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }
        return loadPool;
    }

    private static ModelVersion defaultVersion(NavigableMap<Integer, ModelVersion> versions) {
        NavigableMap<Integer, ModelVersion> view = snapshot(versions).descendingMap();
        return view.values().stream().filter(v -> v.status() == ModelStatus.READY).findFirst()
                .or(() -> view.values().stream()
                        .filter(v -> v.status() == ModelStatus.LOADING || v.status() == ModelStatus.PENDING).findFirst())
                .orElse(view.isEmpty() ? null : view.firstEntry().getValue());
    }

    private static NavigableMap<Integer, ModelVersion> snapshot(NavigableMap<Integer, ModelVersion> versions) {
        synchronized (versions) {
            return new TreeMap<>(versions);
        }
    }

    private static int parseVersion(String name, String version) {
        try {
            return Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw new ModelNotFoundException("model '" + name + "' has no version '" + version
                    + "' (versions are numbers)", name, version);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
