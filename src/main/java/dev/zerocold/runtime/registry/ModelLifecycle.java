package dev.zerocold.runtime.registry;

import dev.zerocold.runtime.Model;
import dev.zerocold.runtime.ModelLoader;
import dev.zerocold.runtime.ModelSource;
import dev.zerocold.runtime.ModelStatus;
import dev.zerocold.runtime.ModelsConfig;
import dev.zerocold.runtime.StartupTimeline;
import dev.zerocold.runtime.Termination;
import dev.zerocold.runtime.serving.ServedModel;
import dev.zerocold.runtime.serving.ServingAssembly;
import dev.zerocold.runtime.serving.ServingConfig;
import io.quarkus.arc.All;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Loads, reloads and unloads model versions, driving each {@link ModelVersion}'s state machine:
 * eager versions load in parallel at startup (HTTP listens meanwhile), lazy ones on their first
 * request, and a request for a version still loading waits up to {@code zerocold.models.load-wait}
 * without blocking, so the first request after a cold start is answered. Thread-safe.
 */
@ApplicationScoped
public class ModelLifecycle {

    private static final Logger LOG = Logger.getLogger(ModelLifecycle.class);
    /** Between leaving routing and closing its queue, so that requests that resolved a version can still submit. */
    private static final Duration UNLOAD_GRACE = Duration.ofMillis(500);

    private final ModelsConfig config;
    private final ServingConfig serving;
    private final ServingAssembly assembly;
    private final List<ModelLoader> loaders;
    private final StartupTimeline timeline;
    private final ModelVersions versions;
    private final CompletableFuture<Void> initialLoad = new CompletableFuture<>();
    private ExecutorService loadPool;

    public ModelLifecycle(ModelsConfig config, ServingConfig serving, ServingAssembly assembly,
                          @All List<ModelLoader> loaders, StartupTimeline timeline, ModelVersions versions) {
        this.config = config;
        this.serving = serving;
        this.assembly = assembly;
        this.loaders = loaders;
        this.timeline = timeline;
        this.versions = versions;
    }

    /** Starts loading the eager versions found at startup; {@link #startupLoadFinished} once all have settled. */
    void loadAtStartup(List<ModelVersion> found) {
        List<ModelVersion> eager = found.stream().filter(v -> v.status() != ModelStatus.PENDING && v.claimLoad()).toList();
        CompletableFuture.allOf(eager.stream().map(this::loadAsync).toArray(CompletableFuture[]::new))
                .whenComplete((ignored, error) -> settle(eager));
    }

    /** Starts a version's load unless it has started already. */
    void startLoad(ModelVersion version) {
        if (version.claimLoad()) {
            loadAsync(version);
        }
    }

    /**
     * The serving layer of a version once it is READY: at once if it is, after its load (started
     * here for a lazy version) if it is loading, waiting at most {@code load-wait}. A version that
     * does not become READY fails the future with {@link ModelVersion#serving}'s 503.
     */
    public CompletableFuture<ServedModel<?, ?>> whenReady(ModelVersion version) {
        startLoad(version);
        if (version.status() != ModelStatus.LOADING) {
            try {
                return CompletableFuture.completedFuture(version.serving());
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return version.settled().completeOnTimeout(null, config.loadWait().toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(settled -> version.serving());
    }

    private CompletableFuture<Void> loadAsync(ModelVersion version) {
        return CompletableFuture.runAsync(() -> load(version), loaders());
    }

    private void load(ModelVersion version) {
        long start = System.nanoTime();
        ModelSource source = version.source();
        try {
            version.ready(serve(version, source), seconds(start));
            LOG.infof("Model %s READY in %.3f s", version.key(), version.loadSeconds());
        } catch (Exception | LinkageError e) {
            version.failed(reason(e, source), seconds(start));
            LOG.errorf("Model %s FAILED to load: %s", version.key(), version.failure().orElse(""));
            LOG.debugf(e, "Load failure of %s", version.key());
        }
        timeline.markModel(version.key(), version.status(), version.loadSeconds());
    }

    /** Loads a source's model with the loader for its framework and task, and assembles its serving layer. */
    private ServedModel<?, ?> serve(ModelVersion version, ModelSource source) throws Exception {
        return assemble(version, loadModel(source));
    }

    private Loaded loadModel(ModelSource source) throws Exception {
        if (source.config() == null) {
            throw new IllegalStateException(source.configError() != null ? source.configError()
                    : "model.yaml is missing or invalid");
        }
        ModelLoader loader = loaders.stream().filter(l -> l.supports(source.config())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no loader for framework "
                        + source.config().framework().id() + " and task " + source.config().task().id()));
        return new Loaded(source, loader, loader.load(source));
    }

    /** A model just loaded, before its serving layer exists. */
    private record Loaded(ModelSource source, ModelLoader loader, Model<?, ?> model) {
    }

    private ServedModel<?, ?> assemble(ModelVersion version, Loaded loaded) {
        return assembly.assemble(version.key(), loaded.source().config(), loaded.model(), loaded.loader(),
                version.generationSupplier());
    }

    /**
     * A load failure as an operator reads it: the loader's own message for the failures it reports
     * (bad settings, missing files, YAML), else what kind of failure hit which framework's loader.
     */
    private static String reason(Throwable e, ModelSource source) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        boolean reported = e instanceof IOException || e instanceof IllegalArgumentException
                || e instanceof IllegalStateException || e instanceof UnsupportedOperationException;
        if (reported || source.config() == null) {
            return message;
        }
        return "its artifacts could not be loaded as a " + source.config().framework().id() + " "
                + source.config().task().id() + " model (" + e.getClass().getSimpleName() + ": " + message + ")";
    }

    private void settle(List<ModelVersion> loaded) {
        timeline.mark(StartupTimeline.MODELS_SETTLED);
        initialLoad.complete(null);
        LOG.infof("Startup: %s; models: %s", timeline.summary(), loaded.stream()
                .map(v -> String.format("%s %s (%.3f s)", v.key(), v.status(), v.loadSeconds()))
                .collect(Collectors.joining(", ")));
    }

    /**
     * Whether the process serves: the startup load has finished, every eagerly loaded model's
     * default version is READY, and the process is not shutting down.
     */
    public boolean ready() {
        return !Termination.terminating() && startupLoadFinished()
                && versions.eagerDefaultVersions().stream().allMatch(v -> v.status() == ModelStatus.READY);
    }

    /** True once every version found at startup has finished loading, READY or FAILED. */
    public boolean startupLoadFinished() {
        return initialLoad.isDone();
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
            if (!versions.isDeployed(source.key().name(), source.key().version())) {
                return false;
            }
            ModelVersion current = versions.find(source.key().name(), source.key().version());
            try {
                Loaded loaded = loadModel(source);
                Optional<ServedModel<?, ?>> previous;
                synchronized (current) {
                    current.served().ifPresent(old -> old.metrics().unbind());
                    previous = current.swap(source, assemble(current, loaded));
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
     * Takes a version out of service: it stops taking new work at once, and on a thread of its own
     * lets its queue drain (up to {@code zerocold.serving.drain-timeout}) before its model closes and
     * it leaves the registry with its metrics. No lock is held while waiting.
     */
    void unload(ModelVersion version) {
        version.markUnloading();
        Thread closer = new Thread(() -> {
            // Routing has stopped choosing this version; requests that resolved it a moment ago still get to
            // submit before its queue closes, and then drain.
            sleepQuietly(UNLOAD_GRACE);
            version.close(serving.drainTimeout());
            versions.remove(version);
            LOG.infof("Model %s unloaded", version.key());
        }, "zerocold-unload-" + version.key());
        closer.setDaemon(true);
        closer.start();
    }

    @PreDestroy
    void shutdown() {
        ExecutorService loading;
        synchronized (this) {
            loading = loadPool;
        }
        if (loading != null) {
            loading.shutdownNow();
            // A load inside ONNX Runtime's native code ignores the interrupt: let it finish before the
            // process exits under it (the library's teardown then crashed it with SIGSEGV, e.g. when a
            // start failed to bind its port while models were loading).
            try {
                if (!loading.awaitTermination(serving.drainTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warnf("Model loads still running after %s; exiting under them", serving.drainTimeout());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // HTTP requests have drained by now (quarkus.shutdown.timeout); queued items get the drain time.
        versions.all().forEach(v -> v.close(serving.drainTimeout()));
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

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
