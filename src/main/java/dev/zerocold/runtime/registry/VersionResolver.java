package dev.zerocold.runtime.registry;

import dev.zerocold.common.ModelNotFoundException;
import dev.zerocold.runtime.ModelStatus;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which version serves a request: the named one, else the model's traffic split among its READY
 * versions (a routing key sticks to one version while the weights are unchanged; no key: a weighted
 * random choice), else the model's default version. Called once per request, by the entry point.
 * Thread-safe.
 */
@ApplicationScoped
public class VersionResolver {

    private final ModelVersions versions;
    private final TrafficRouter traffic;

    public VersionResolver(ModelVersions versions, TrafficRouter traffic) {
        this.versions = versions;
        this.traffic = traffic;
    }

    /**
     * The version for a request, whatever its status (the serving layer waits for a load or refuses).
     *
     * @param version    null for the split or the default
     * @param routingKey null for a random choice under a split
     * @throws ModelNotFoundException no such model or version
     */
    public ModelVersion resolve(String name, String version, String routingKey) {
        if (version != null) {
            return versions.find(name, version);
        }
        Optional<Map<String, Double>> split = traffic.split(name);
        if (split.isPresent()) {
            List<ModelVersion> ready = versions.all(name).stream().filter(v -> v.status() == ModelStatus.READY).toList();
            Optional<ModelVersion> chosen = TrafficRouter.choose(split.get(), ready, routingKey);
            if (chosen.isPresent()) {
                return chosen.get();
            }
        }
        return versions.defaultVersion(name);
    }
}
