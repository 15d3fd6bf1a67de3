package dev.zerocold.runtime;

import dev.zerocold.common.InvalidInputException;
import dev.zerocold.common.ModelConflictException;
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

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
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
    /** Between leaving routing and closing its queue, so that requests that resolved a version can still submit. */
    private static final Duration UNLOAD_GRACE = Duration.ofMillis(500);

    private final ModelsConfig config;
    private final ServingConfig serving;
    private final ServingExecutors executors;
    private final List<ModelLoader> loaders;
    private final StartupTimeline timeline;
    private final MeterRegistry registry;
    private final Map<String, NavigableMap<Integer, ModelVersion>> models = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> initialLoad = new CompletableFuture<>();
    private final TrafficRouter traffic;
    private ExecutorService loadPool;

    public ModelManager(ModelsConfig config, ServingConfig serving, ServingExecutors executors,
                        @All List<ModelLoader> loaders, StartupTimeline timeline, MeterRegistry registry) {
        this.config = config;
        this.serving = serving;
        this.executors = executors;
        this.loaders = loaders;
        this.timeline = timeline;
        this.registry = registry;
        this.traffic = new TrafficRouter(config.stateDir().resolve("traffic.json"));
    }

    void onStart(@Observes StartupEvent event) {
        List<ModelSource> sources = new ArrayList<>(new ModelRepository(config.root()).scan());
        for (ModelSource generated : new ModelRepository(generatedRoot()).scan()) {
            if (sources.stream().anyMatch(s -> s.key().equals(generated.key()))) {
                LOG.warnf("Ignoring %s in %s: the model repository has the same version", generated.key(), generatedRoot());
            } else {
                sources.add(generated);
            }
        }
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
                throw new IllegalStateException(source.configError() != null ? source.configError()
                        : "model.yaml is missing or invalid");
            }
            ModelLoader loader = loaders.stream().filter(l -> l.supports(source.config())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no loader for framework "
                            + source.config().framework().id() + " and task " + source.config().task().id()));
            Model<?, ?> model = loader.load(source);
            version.ready(model, serve(version, source, model, loader), seconds(start));
            LOG.infof("Model %s READY in %.3f s", version.key(), version.loadSeconds());
        } catch (Exception | LinkageError e) {
            version.failed(reason(e, source), seconds(start));
            LOG.errorf("Model %s FAILED to load: %s", version.key(), version.failure().orElse(""));
            LOG.debugf(e, "Load failure of %s", version.key());
        }
        timeline.markModel(version.key(), version.status(), version.loadSeconds());
    }

    /**
     * A load failure as an operator reads it: the loader's own message for the failures it reports
     * (bad settings, missing files, YAML), else what kind of failure hit which framework's loader.
     */
    private static String reason(Throwable e, ModelSource source) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        boolean reported = e instanceof java.io.IOException || e instanceof IllegalArgumentException
                || e instanceof IllegalStateException || e instanceof UnsupportedOperationException;
        if (reported || source.config() == null) {
            return message;
        }
        return "its artifacts could not be loaded as a " + source.config().framework().id() + " "
                + source.config().task().id() + " model (" + e.getClass().getSimpleName() + ": " + message + ")";
    }

    /** The serving core of a loaded version: its queue, cache and metrics, with the policies in force. */
    private <I, O> ServedModel<I, O> serve(ModelVersion version, ModelSource source, Model<I, O> model,
                                           ModelLoader loader) {
        ModelKey key = version.key();
        ServingConfig.ModelOverride override = serving.model().get(key.name());
        ModelConfig yaml = source.config();
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
        ModelVersion chosen = chooseForTask(task, name, version, null);
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
        return serve(task, signature, name, version, null);
    }

    /**
     * {@link #serve(Task, Signature, String, String)} for a request with a routing key: without a
     * version, a model with a traffic split sends the same key to the same version while its weights
     * are unchanged (a null key: a weighted random choice). A named version bypasses the split.
     */
    public <I, O> CompletableFuture<ServedModel<I, O>> serve(Task task, Signature<I, O> signature, String name,
                                                           String version, String routingKey) {
        ModelVersion chosen;
        try {
            chosen = chooseForTask(task, name, version, routingKey);
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

    private ModelVersion chooseForTask(Task task, String name, String version, String routingKey) {
        ModelVersion chosen = find(name, version, routingKey);
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
     * The task a model serves (that of its default version), for endpoints that take any model.
     *
     * @throws ModelNotFoundException no such model
     */
    public Task task(String name, String version) {
        return find(name, version).config().map(ModelConfig::task)
                .orElseThrow(() -> new ModelNotReadyException("model '" + name + "' failed to load (see /models/" + name
                        + ")", name, version, config.retryAfterSeconds()));
    }

    /**
     * The writable model repository where zerocold puts the versions it makes (retraining):
     * {@code <state-dir>/models/<name>/<version>}. Loaded at startup after the repository root.
     */
    public Path generatedRoot() {
        return config.stateDir().resolve("models");
    }

    /** Completes when the version's load has finished, READY or FAILED. */
    public CompletableFuture<Void> settled(ModelVersion version) {
        return version.settled().copy();
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
    public ModelVersion find(String name, String version) {
        return find(name, version, null);
    }

    private ModelVersion find(String name, String version, String routingKey) {
        NavigableMap<Integer, ModelVersion> versions = models.get(name);
        if (versions == null || versions.isEmpty()) {
            throw new ModelNotFoundException("no model named '" + name + "' is deployed", name, null);
        }
        ModelVersion chosen = version == null ? route(name, versions, routingKey)
                : versions.get(parseVersion(name, version));
        if (chosen == null) {
            throw new ModelNotFoundException("model '" + name + "' has no version '" + version + "'", name, version);
        }
        return chosen;
    }

    /**
     * The version a request without one is served by when no traffic split applies: the newest
     * READY, else the newest loading, else the newest.
     *
     * @throws ModelNotFoundException no such model
     */
    public ModelVersion defaultVersion(String name) {
        NavigableMap<Integer, ModelVersion> versions = models.get(name);
        ModelVersion chosen = versions == null ? null : defaultVersion(versions);
        if (chosen == null) {
            throw new ModelNotFoundException("no model named '" + name + "' is deployed", name, null);
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

    /** The model's traffic split among its READY versions, else its default version. */
    private ModelVersion route(String name, NavigableMap<Integer, ModelVersion> versions, String routingKey) {
        Optional<Map<String, Double>> split = traffic.split(name);
        if (split.isPresent()) {
            List<ModelVersion> ready = snapshot(versions).values().stream()
                    .filter(v -> v.status() == ModelStatus.READY).toList();
            Optional<ModelVersion> chosen = TrafficRouter.choose(split.get(), ready, routingKey);
            if (chosen.isPresent()) {
                return chosen.get();
            }
        }
        return defaultVersion(versions);
    }

    /** A model's traffic split (version → weight), if one is set. */
    public Optional<Map<String, Double>> trafficSplit(String name) {
        return traffic.split(name);
    }

    /**
     * Sets a model's traffic split (weights in 0..1 summing to 1, over its deployed versions; an
     * empty map goes back to the newest READY version), kept across restarts.
     *
     * @throws ModelNotFoundException no such model
     * @throws InvalidInputException  a weight or version that does not fit
     */
    public void setTraffic(String name, Map<String, Double> weights) {
        NavigableMap<Integer, ModelVersion> versions = models.get(name);
        if (versions == null || versions.isEmpty()) {
            throw new ModelNotFoundException("no model named '" + name + "' is deployed", name, null);
        }
        List<String> deployed = snapshot(versions).values().stream()
                .filter(v -> v.status() != ModelStatus.UNLOADING).map(v -> v.key().version()).toList();
        traffic.set(name, weights, deployed);
        LOG.infof("Traffic of %s: %s", name, weights.isEmpty() ? "newest READY version" : weights);
    }

    /**
     * Deploys a version from a folder holding its model.yaml and artifacts; it loads in the
     * background and serves once READY (a load failure leaves it FAILED with the reason, and the
     * versions already serving keep serving).
     *
     * @param directory a folder under one of {@code zerocold.models.deploy-roots}, symlinks resolved
     * @param batching  overrides of the version's batching settings, or null
     * @throws InvalidInputException  a bad name, version or path
     * @throws ModelConflictException the version exists
     */
    public ModelVersion deploy(String name, String version, String directory, BatchingPolicy.Settings batching) {
        return deploy(name, version, directory, batching, null, null);
    }

    /**
     * {@link #deploy(String, String, String, BatchingPolicy.Settings)}, refused with 400 when the
     * caller's {@code framework} or {@code task} (null: any) differ from the version's model.yaml.
     */
    public ModelVersion deploy(String name, String version, String directory, BatchingPolicy.Settings batching,
                               String framework, String task) {
        if (name == null || !ModelRepository.NAME.matcher(name).matches()) {
            throw new InvalidInputException("name must be lower-case letters, digits, '.', '_' or '-' (at most 64)");
        }
        if (version == null || !ModelRepository.VERSION.matcher(version).matches()) {
            throw new InvalidInputException("version must be a number of at most 9 digits", name, null);
        }
        List<Path> roots = new ArrayList<>(config.deployRoots().orElse(List.of(config.root())));
        roots.add(generatedRoot());
        Path folder = DeployRoots.confine(directory, roots);
        ModelSource read = ModelSource.read(new ModelKey(name, version), folder);
        if (read.config() != null && (framework != null && !framework.equalsIgnoreCase(read.config().framework().id())
                || task != null && !task.equalsIgnoreCase(read.config().task().id()))) {
            throw new InvalidInputException("framework/task in the request (" + framework + "/" + task
                    + ") differ from model.yaml (" + read.config().framework().id() + "/" + read.config().task().id()
                    + ")", name, version);
        }
        ModelSource source = read.config() == null || batching == null ? read
                : new ModelSource(read.key(), folder, read.config().withBatching(batching), null);
        ModelVersion deployed;
        synchronized (models) {
            NavigableMap<Integer, ModelVersion> versions = models.get(name);
            if (versions != null && versions.containsKey(Integer.parseInt(version))) {
                throw new ModelConflictException("model " + name + "/" + version + " is already deployed; delete it first",
                        name, version);
            }
            deployed = register(source);
        }
        if (deployed.claimLoad()) {
            loadAsync(deployed);
        }
        LOG.infof("Deploying %s from %s", deployed.key(), folder);
        return deployed;
    }

    /**
     * Unloads a model's versions (all when {@code version} is null): each stops taking new work at
     * once, leaves the traffic split, and on a thread of its own lets its queue drain (up to
     * {@code zerocold.serving.drain-timeout}) before its sessions close and its metrics go. No lock is
     * held while waiting.
     *
     * @return the versions being unloaded
     * @throws ModelNotFoundException no such model or version
     */
    public List<ModelVersion> undeploy(String name, String version) {
        List<ModelVersion> going = version == null
                ? List.copyOf(snapshot(Optional.ofNullable(models.get(name)).orElseThrow(
                        () -> new ModelNotFoundException("no model named '" + name + "' is deployed", name, null))).values())
                : List.of(find(name, version));
        for (ModelVersion v : going) {
            traffic.remove(name, v.key().version());
            v.markUnloading();
            Thread closer = new Thread(() -> unload(v), "zerocold-unload-" + v.key());
            closer.setDaemon(true);
            closer.start();
        }
        return going;
    }

    /**
     * Serves a version a repository scan found (see {@link RepositoryWatcher}): registered and loaded
     * as at startup.
     *
     * @throws ModelConflictException the version is already deployed
     */
    public ModelVersion deployFound(ModelSource source) {
        ModelVersion deployed;
        synchronized (models) {
            NavigableMap<Integer, ModelVersion> versions = models.get(source.key().name());
            if (versions != null && versions.containsKey(Integer.parseInt(source.key().version()))) {
                throw new ModelConflictException("model " + source.key() + " is already deployed",
                        source.key().name(), source.key().version());
            }
            deployed = register(source);
        }
        if (deployed.claimLoad()) {
            loadAsync(deployed);
        }
        LOG.infof("Deploying %s found in the repository", deployed.key());
        return deployed;
    }

    /**
     * Loads a READY version again from its (changed) files beside the serving one, then swaps it in
     * as the version's next generation; the previous model drains and closes. A reload that fails
     * leaves the previous model serving.
     *
     * @return completes with true once swapped in, false if the reload failed or the version is gone
     */
    public CompletableFuture<Boolean> reload(ModelSource source) {
        return CompletableFuture.supplyAsync(() -> {
            ModelVersion current;
            try {
                current = find(source.key().name(), source.key().version());
            } catch (ModelNotFoundException e) {
                return false;
            }
            try {
                if (source.config() == null) {
                    throw new IllegalStateException(source.configError());
                }
                ModelLoader loader = loaders.stream().filter(l -> l.supports(source.config())).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no loader for framework "
                                + source.config().framework().id() + " and task " + source.config().task().id()));
                Model<?, ?> model = loader.load(source);
                Optional<ServedModel<?, ?>> previous;
                synchronized (current) {
                    current.servedModel().ifPresent(old -> old.metrics().unbind());
                    previous = current.swap(source, model, serve(current, source, model, loader));
                }
                previous.ifPresent(old -> old.retire(serving.drainTimeout()));
                LOG.infof("Model %s reloaded (generation %d)", current.key(), current.generation());
                return previous.isPresent();
            } catch (Exception | LinkageError e) {
                LOG.errorf("Reload of %s FAILED, the previous model keeps serving: %s", source.key(), reason(e, source));
                return false;
            }
        }, loaders());
    }

    /**
     * Drains every READY version of {@code name} older than {@code version} (the {@code latest}
     * version policy, once {@code version} is READY).
     */
    public void retireOlder(String name, String version) {
        int newest = Integer.parseInt(version);
        NavigableMap<Integer, ModelVersion> versions = models.get(name);
        if (versions == null) {
            return;
        }
        for (ModelVersion older : snapshot(versions).headMap(newest, false).values()) {
            if (older.status() == ModelStatus.READY) {
                LOG.infof("Retiring %s: %s/%s is READY (version policy latest)", older.key(), name, version);
                undeploy(name, older.key().version());
            }
        }
    }

    private void unload(ModelVersion version) {
        // Routing has stopped choosing this version; requests that resolved it a moment ago still get to
        // submit before its queue closes, and then drain.
        sleepQuietly(UNLOAD_GRACE);
        version.close(serving.drainTimeout());
        synchronized (models) {
            NavigableMap<Integer, ModelVersion> versions = models.get(version.key().name());
            if (versions != null) {
                versions.remove(Integer.parseInt(version.key().version()), version);
                if (versions.isEmpty()) {
                    models.remove(version.key().name());
                }
            }
        }
        registry.getMeters().stream()
                .filter(m -> version.key().name().equals(m.getId().getTag("model"))
                        && version.key().version().equals(m.getId().getTag("version")))
                .forEach(registry::remove);
        LOG.infof("Model %s unloaded", version.key());
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ModelVersion defaultVersion(NavigableMap<Integer, ModelVersion> versions) {
        NavigableMap<Integer, ModelVersion> view = snapshot(versions).descendingMap();
        return view.values().stream().filter(v -> v.status() == ModelStatus.READY).findFirst()
                .or(() -> view.values().stream()
                        .filter(v -> v.status() == ModelStatus.LOADING || v.status() == ModelStatus.PENDING).findFirst())
                .or(() -> view.values().stream().filter(v -> v.status() != ModelStatus.UNLOADING).findFirst())
                .orElse(view.isEmpty() ? null : view.firstEntry().getValue());
    }

    private static NavigableMap<Integer, ModelVersion> snapshot(NavigableMap<Integer, ModelVersion> versions) {
        synchronized (versions) {
            return new TreeMap<>(versions);
        }
    }

    private static int parseVersion(String name, String version) {
        try {
            if (!ModelRepository.VERSION.matcher(version).matches() || (version.length() > 1 && version.charAt(0) == '0')) {
                throw new NumberFormatException(version);  // one spelling per version: no sign, no leading zero
            }
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
