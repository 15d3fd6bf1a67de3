package dev.zerocold.runtime.registry;

import dev.zerocold.common.InvalidInputException;
import dev.zerocold.common.ModelConflictException;
import dev.zerocold.common.ModelNotFoundException;
import dev.zerocold.runtime.ModelKey;
import dev.zerocold.runtime.ModelRepository;
import dev.zerocold.runtime.ModelSource;
import dev.zerocold.runtime.ModelStatus;
import dev.zerocold.runtime.ModelsConfig;
import dev.zerocold.runtime.serving.BatchingPolicy;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What is deployed and how traffic is shared: the versions of the model repository (and of the
 * writable root of generated versions) at startup, versions deployed from a folder or found by a
 * repository scan, undeployment, the {@code latest} version policy's retirement, and traffic splits.
 * Loading itself is {@link ModelLifecycle}'s. Thread-safe.
 */
@ApplicationScoped
public class Deployments {

    private static final Logger LOG = Logger.getLogger(Deployments.class);

    private final ModelsConfig config;
    private final ModelVersions versions;
    private final ModelLifecycle lifecycle;
    private final TrafficRouter traffic;

    public Deployments(ModelsConfig config, ModelVersions versions, ModelLifecycle lifecycle, TrafficRouter traffic) {
        this.config = config;
        this.versions = versions;
        this.lifecycle = lifecycle;
        this.traffic = traffic;
    }

    private volatile boolean startupDeployed;

    void onStart(@Observes StartupEvent event) {
        List<ModelSource> sources = new ArrayList<>(new ModelRepository(config.root()).scan());
        // Retrained versions, when any were written: a fresh state directory has none (no warning)
        List<ModelSource> retrained = Files.isDirectory(generatedRoot())
                ? new ModelRepository(generatedRoot()).scan() : List.of();
        for (ModelSource generated : retrained) {
            if (sources.stream().anyMatch(s -> s.key().equals(generated.key()))) {
                LOG.warnf("Ignoring %s in %s: the model repository has the same version", generated.key(), generatedRoot());
            } else {
                sources.add(generated);
            }
        }
        lifecycle.loadAtStartup(sources.stream().map(versions::add).toList());
        startupDeployed = true;
    }

    /**
     * Whether the repository found at startup has been deployed; until then the repository watcher
     * leaves it alone (its scan would deploy the same versions and the startup's would conflict).
     */
    public boolean startupDeployed() {
        return startupDeployed;
    }

    /**
     * The writable model repository where zerocold puts the versions it makes (retraining):
     * {@code <state-dir>/models/<name>/<version>}. Loaded at startup after the repository root.
     */
    public Path generatedRoot() {
        return config.stateDir().resolve("models");
    }

    /**
     * Deploys a version from a folder holding its model.yaml and artifacts; it loads in the
     * background and serves once READY (a load failure leaves it FAILED with the reason, and the
     * versions already serving keep serving).
     *
     * @param directory a folder under one of {@code zerocold.models.deploy-roots}, symlinks resolved
     * @param batching  overrides of the version's batching settings, or null
     * @param framework the framework the caller expects (null: any); a different model.yaml is a 400
     * @param task      the task the caller expects (null: any)
     * @throws InvalidInputException  a bad name, version or path
     * @throws ModelConflictException the version exists
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
        ModelVersion deployed = versions.add(source);
        lifecycle.startLoad(deployed);
        LOG.infof("Deploying %s from %s", deployed.key(), folder);
        return deployed;
    }

    /**
     * Serves a version a repository scan found (see {@link RepositoryWatcher}): registered and loaded
     * as at startup.
     *
     * @throws ModelConflictException the version is already deployed
     */
    public ModelVersion deployFound(ModelSource source) {
        ModelVersion deployed = versions.add(source);
        lifecycle.startLoad(deployed);
        LOG.infof("Deploying %s found in the repository", deployed.key());
        return deployed;
    }

    /**
     * Unloads a model's versions (all when {@code version} is null): each leaves the traffic split and
     * stops taking work at once, then drains and closes ({@link ModelLifecycle}).
     *
     * @return the versions being unloaded
     * @throws ModelNotFoundException no such model or version
     */
    public List<ModelVersion> undeploy(String name, String version) {
        List<ModelVersion> going = version == null ? List.copyOf(versions.of(name).values())
                : List.of(versions.find(name, version));
        for (ModelVersion v : going) {
            traffic.remove(name, v.key().version());
            lifecycle.unload(v);
        }
        return going;
    }

    /**
     * Drains every READY version of {@code name} older than {@code version} (the {@code latest}
     * version policy, once {@code version} is READY).
     */
    public void retireOlder(String name, String version) {
        int newest = Integer.parseInt(version);
        for (ModelVersion older : versions.all(name)) {
            if (Integer.parseInt(older.key().version()) < newest && older.status() == ModelStatus.READY) {
                LOG.infof("Retiring %s: %s/%s is READY (version policy latest)", older.key(), name, version);
                undeploy(name, older.key().version());
            }
        }
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
        List<String> deployed = versions.of(name).values().stream()
                .filter(v -> v.status() != ModelStatus.UNLOADING).map(v -> v.key().version()).toList();
        traffic.set(name, weights, deployed);
        LOG.infof("Traffic of %s: %s", name, weights.isEmpty() ? "newest READY version" : weights);
    }
}
