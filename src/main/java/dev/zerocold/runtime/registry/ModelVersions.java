package dev.zerocold.runtime.registry;

import dev.zerocold.common.ModelConflictException;
import dev.zerocold.common.ModelNotFoundException;
import dev.zerocold.runtime.ModelKey;
import dev.zerocold.runtime.ModelRepository;
import dev.zerocold.runtime.ModelSource;
import dev.zerocold.runtime.ModelStatus;
import dev.zerocold.runtime.ModelsConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every deployed model version, by name then number: what is deployed and which version a request
 * without one gets. Lookups only; {@link VersionResolver} applies traffic splits, {@link Deployments}
 * and {@link ModelLifecycle} add and remove. Thread-safe.
 */
@ApplicationScoped
public class ModelVersions {

    private final ModelsConfig config;
    private final MeterRegistry registry;
    private final Map<String, NavigableMap<Integer, ModelVersion>> models = new ConcurrentHashMap<>();

    public ModelVersions(ModelsConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    /**
     * Registers a version found or deployed (PENDING when its model loads lazily, else LOADING).
     *
     * @throws ModelConflictException the version is already deployed
     */
    ModelVersion add(ModelSource source) {
        boolean lazy = config.policy().get(source.key().name()) == ModelsConfig.LoadPolicy.LAZY;
        ModelVersion version = new ModelVersion(source, config.retryAfterSeconds(), lazy);
        synchronized (models) {
            NavigableMap<Integer, ModelVersion> versions = models.computeIfAbsent(source.key().name(),
                    n -> Collections.synchronizedNavigableMap(new TreeMap<>()));
            if (versions.putIfAbsent(number(source.key()), version) != null) {
                throw new ModelConflictException("model " + source.key() + " is already deployed; delete it first",
                        source.key().name(), source.key().version());
            }
        }
        Gauge.builder("zerocold.model.ready", version, v -> v.status() == ModelStatus.READY ? 1 : 0)
                .description("1 while the model version is READY, else 0")
                .tags(source.key().tags())
                .register(registry);
        return version;
    }

    /** Forgets an unloaded version and its metric series. */
    void remove(ModelVersion version) {
        synchronized (models) {
            NavigableMap<Integer, ModelVersion> versions = models.get(version.key().name());
            if (versions != null) {
                versions.remove(number(version.key()), version);
                if (versions.isEmpty()) {
                    models.remove(version.key().name());
                }
            }
        }
        registry.getMeters().stream()
                .filter(m -> version.key().name().equals(m.getId().getTag("model"))
                        && version.key().version().equals(m.getId().getTag("version")))
                .forEach(registry::remove);
    }

    /**
     * The named version, or the model's {@link #defaultVersion}, whatever its status.
     *
     * @throws ModelNotFoundException no such model or version
     */
    public ModelVersion find(String name, String version) {
        if (version == null) {
            return defaultVersion(name);
        }
        ModelVersion chosen = of(name).get(parseVersion(name, version));
        if (chosen == null) {
            throw new ModelNotFoundException("model '" + name + "' has no version '" + version + "'", name, version);
        }
        return chosen;
    }

    /**
     * The version a request without one is served by when no traffic split applies: the newest
     * READY, else the newest loading, else the newest not unloading.
     *
     * @throws ModelNotFoundException no such model
     */
    public ModelVersion defaultVersion(String name) {
        NavigableMap<Integer, ModelVersion> view = of(name).descendingMap();
        return view.values().stream().filter(v -> v.status() == ModelStatus.READY).findFirst()
                .or(() -> view.values().stream()
                        .filter(v -> v.status() == ModelStatus.LOADING || v.status() == ModelStatus.PENDING).findFirst())
                .or(() -> view.values().stream().filter(v -> v.status() != ModelStatus.UNLOADING).findFirst())
                .orElse(view.firstEntry().getValue());
    }

    /**
     * A copy of one model's versions, by number.
     *
     * @throws ModelNotFoundException no such model
     */
    public NavigableMap<Integer, ModelVersion> of(String name) {
        NavigableMap<Integer, ModelVersion> versions = name == null ? null : models.get(name);
        if (versions != null) {
            synchronized (versions) {
                if (!versions.isEmpty()) {
                    return new TreeMap<>(versions);
                }
            }
        }
        throw new ModelNotFoundException("no model named '" + name + "' is deployed", name, null);
    }

    /** Every model version, by name then version. */
    public List<ModelVersion> all() {
        List<ModelVersion> all = new ArrayList<>();
        for (String name : List.copyOf(models.keySet())) {
            try {
                all.addAll(of(name).values());
            } catch (ModelNotFoundException e) {
                // removed meanwhile
            }
        }
        all.sort(Comparator.comparing((ModelVersion v) -> v.key().name()).thenComparingInt(v -> number(v.key())));
        return all;
    }

    /** The versions of one model, oldest first (none for an unknown name). */
    public List<ModelVersion> all(String name) {
        try {
            return List.copyOf(of(name).values());
        } catch (ModelNotFoundException e) {
            return List.of();
        }
    }

    /** The default version of each eagerly loaded model (what readiness waits for). */
    public List<ModelVersion> eagerDefaultVersions() {
        return List.copyOf(models.keySet()).stream().map(this::optionalDefault).flatMap(Optional::stream)
                .filter(v -> v.status() != ModelStatus.PENDING
                        && config.policy().get(v.key().name()) != ModelsConfig.LoadPolicy.LAZY)
                .toList();
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

    private Optional<ModelVersion> optionalDefault(String name) {
        try {
            return Optional.of(defaultVersion(name));
        } catch (ModelNotFoundException e) {
            return Optional.empty();
        }
    }

    private static int number(ModelKey key) {
        return Integer.parseInt(key.version());
    }

    /** A version's number; one spelling per version (no sign, no leading zero), else not found. */
    static int parseVersion(String name, String version) {
        if (!ModelRepository.VERSION.matcher(version).matches() || (version.length() > 1 && version.charAt(0) == '0')) {
            throw new ModelNotFoundException("model '" + name + "' has no version '" + version
                    + "' (versions are numbers)", name, version);
        }
        return Integer.parseInt(version);
    }
}
