package dev.zerocold.runtime.registry;

import dev.zerocold.common.ModelNotFoundException;
import dev.zerocold.runtime.ModelKey;
import dev.zerocold.runtime.ModelRepository;
import dev.zerocold.runtime.ModelSource;
import dev.zerocold.runtime.ModelStatus;
import dev.zerocold.runtime.ModelsConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Hot reload: every {@code zerocold.models.scan-interval} the model repository is scanned; a new
 * version folder is deployed (subject to the model's version policy), and a deployed version whose
 * files changed is reloaded as its next generation. A folder is acted on only once two scans in a
 * row see it the same, so one still being copied in is left alone: a new folder serves within two
 * intervals (plus its load). Changes are found by file size and modification
 * time, and confirmed by a SHA-256 of the contents (a touched but identical file reloads nothing).
 * With the {@code latest} policy, older READY versions are drained once the new one is READY.
 * Scans never overlap ({@code SKIP}); {@link #scanNow} may also be called directly.
 */
@ApplicationScoped
public class RepositoryWatcher {

    private static final Logger LOG = Logger.getLogger(RepositoryWatcher.class);

    /** What a version's files were when last seen: sizes and times, and the digest of their contents. */
    record Fingerprint(Map<String, String> stats, String digest) {
    }

    private final ModelVersions models;
    private final Deployments deployments;
    private final ModelLifecycle lifecycle;
    private final ModelsConfig config;
    /** Each version folder as the last scan saw it. */
    private final Map<ModelKey, Fingerprint> seen = new ConcurrentHashMap<>();
    /** The contents each deployed version was loaded from. */
    private final Map<ModelKey, String> loaded = new ConcurrentHashMap<>();

    public RepositoryWatcher(ModelVersions models, Deployments deployments, ModelLifecycle lifecycle,
                             ModelsConfig config) {
        this.models = models;
        this.deployments = deployments;
        this.lifecycle = lifecycle;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (!"off".equalsIgnoreCase(config.scanInterval().trim())) {
            for (ModelSource source : new ModelRepository(config.root()).scan()) {
                Fingerprint fingerprint = fingerprint(source.directory(), null);
                seen.put(source.key(), fingerprint);
                loaded.put(source.key(), fingerprint.digest());
            }
        }
    }

    @Scheduled(identity = "model-repository-scan", every = "${zerocold.models.scan-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        // The scheduler starts with the application: its first run may come before the startup's
        // own deploy of the same folders, which would then conflict with this scan's.
        if (deployments.startupDeployed()) {
            scanNow();
        }
    }

    /** One scan: deploys new versions and reloads changed ones; returns how many of each it started. */
    public synchronized int scanNow() {
        int started = 0;
        for (ModelSource source : new ModelRepository(config.root()).scan()) {
            ModelKey key = source.key();
            ModelsConfig.VersionPolicy policy = config.versionPolicy().getOrDefault(key.name(),
                    ModelsConfig.VersionPolicy.LATEST);
            Fingerprint before = seen.get(key);
            Fingerprint now = fingerprint(source.directory(), before);
            seen.put(key, now);
            // A folder is acted on once it is unchanged since the last scan: one still being copied is not.
            boolean settled = before != null && before.stats().equals(now.stats());
            if (!settled) {
                continue;
            }
            boolean deployed = models.isDeployed(key.name(), key.version());
            if ((!deployed && wanted(policy, key) && newer(key)) || (deployed && changed(key, now))) {
                deployOrReload(source, now, policy);
                started++;
            }
        }
        return started;
    }

    /** Whether a deployed version's files differ from those it was loaded from. */
    private boolean changed(ModelKey key, Fingerprint now) {
        return !now.digest().equals(loaded.getOrDefault(key, now.digest()));
    }

    /**
     * Deploys a version folder, or reloads the deployed version if its files changed; under
     * {@code latest}, older versions are retired once a new one is READY.
     */
    private void deployOrReload(ModelSource folder, Fingerprint now, ModelsConfig.VersionPolicy policy) {
        ModelKey key = folder.key();
        ModelSource source = ModelSource.read(key, folder.directory());
        if (!models.isDeployed(key.name(), key.version())) {
            ModelVersion deployed = deployments.deployFound(source);
            if (policy == ModelsConfig.VersionPolicy.LATEST) {
                deployed.settled().thenRun(() -> {
                    if (deployed.status() == ModelStatus.READY) {
                        deployments.retireOlder(key.name(), key.version());
                    }
                });
            }
        } else if (changed(key, now)) {
            LOG.infof("Files of %s changed: reloading", key);
            lifecycle.reload(source);
        }
        loaded.put(key, now.digest());
    }

    /** Every version folder in the repository now, deployed or not. */
    public List<ModelSource> found() {
        return new ModelRepository(config.root()).scan();
    }

    /**
     * Loads a model from the repository on request (the Open Inference Protocol's repository
     * extension): deploys the version folders its version policy wants ({@code latest}: the newest)
     * and reloads deployed ones whose files changed. Under {@code latest}, older versions are retired
     * once the newest is READY.
     *
     * @return the versions wanted, deployed or loading
     * @throws ModelNotFoundException the repository has no version folder for {@code name}
     */
    public synchronized List<ModelVersion> load(String name) {
        List<ModelSource> folders = found().stream().filter(s -> s.key().name().equals(name)).toList();
        if (folders.isEmpty()) {
            throw new ModelNotFoundException("the model repository has no model named '" + name + "'", name, null);
        }
        ModelsConfig.VersionPolicy policy = config.versionPolicy().getOrDefault(name, ModelsConfig.VersionPolicy.LATEST);
        List<ModelSource> wanted = policy == ModelsConfig.VersionPolicy.LATEST ? List.of(folders.get(folders.size() - 1))
                : folders.stream().filter(s -> wanted(policy, s.key())).toList();
        List<ModelVersion> versions = new java.util.ArrayList<>();
        for (ModelSource folder : wanted) {
            ModelKey key = folder.key();
            Fingerprint now = fingerprint(folder.directory(), seen.get(key));
            seen.put(key, now);
            deployOrReload(folder, now, policy);
            versions.add(models.find(key.name(), key.version()));
        }
        return versions;
    }

    private boolean wanted(ModelsConfig.VersionPolicy policy, ModelKey key) {
        return policy != ModelsConfig.VersionPolicy.SPECIFIC
                || config.specificVersions().getOrDefault(key.name(), List.of()).contains(key.version());
    }

    /** Under {@code latest}, a folder older than the newest deployed version is not brought back. */
    private boolean newer(ModelKey key) {
        ModelsConfig.VersionPolicy policy = config.versionPolicy().getOrDefault(key.name(), ModelsConfig.VersionPolicy.LATEST);
        if (policy != ModelsConfig.VersionPolicy.LATEST) {
            return true;
        }
        int version = Integer.parseInt(key.version());
        return models.all().stream().filter(v -> v.key().name().equals(key.name()))
                .noneMatch(v -> Integer.parseInt(v.key().version()) > version);
    }

    /** The folder's fingerprint; the contents are hashed again only when a size or time changed. */
    static Fingerprint fingerprint(Path directory, Fingerprint previous) {
        Map<String, String> stats = new TreeMap<>();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                stats.put(directory.relativize(file).toString(), attributes.size() + "@" + attributes.lastModifiedTime());
            }
        } catch (IOException e) {
            return new Fingerprint(Map.of(), "unreadable");
        }
        if (previous != null && previous.stats().equals(stats)) {
            return previous;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (String name : stats.keySet()) {
                sha.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                try (InputStream in = Files.newInputStream(directory.resolve(name))) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        sha.update(buffer, 0, n);
                    }
                }
            }
            return new Fingerprint(stats, HexFormat.of().formatHex(sha.digest()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Optional<Fingerprint> seen(ModelKey key) {
        return Optional.ofNullable(seen.get(key));
    }
}
