package dev.zerocold.api.v2;

import dev.zerocold.common.InvalidInputException;
import dev.zerocold.runtime.ModelKey;
import dev.zerocold.runtime.registry.Deployments;
import dev.zerocold.runtime.registry.ModelVersions;
import dev.zerocold.runtime.ModelSource;
import dev.zerocold.runtime.ModelStatus;
import dev.zerocold.runtime.registry.ModelVersion;
import dev.zerocold.runtime.ModelsConfig;
import dev.zerocold.runtime.registry.RepositoryWatcher;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The Open Inference Protocol's model repository extension (Triton's), mapped onto the registry:
 * index lists every version deployed or found in the repository; load deploys a model's folders by
 * its version policy (or reloads changed ones) and answers once they have settled; unload drains and
 * removes every version. Behind the management API key, as every registry write.
 */
@Path("/v2/repository")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Open Inference Protocol")
public class RepositoryResource {

    /** {@code POST /v2/repository/index} body: {@code ready: true} lists only READY versions. */
    @RegisterForReflection
    public record IndexRequest(Boolean ready) {
    }

    /** One entry of the index: state READY, LOADING, UNLOADING or UNAVAILABLE (with the reason). */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IndexEntry(String name, String version, String state, String reason) {
    }

    private final ModelVersions models;
    private final Deployments deployments;
    private final RepositoryWatcher repository;
    private final ModelsConfig config;

    public RepositoryResource(ModelVersions models, Deployments deployments, RepositoryWatcher repository,
                              ModelsConfig config) {
        this.models = models;
        this.deployments = deployments;
        this.repository = repository;
        this.config = config;
    }

    @POST
    @Path("/index")
    @Operation(summary = "Every model version deployed or in the repository, with its state")
    public List<IndexEntry> index(IndexRequest request) {
        boolean onlyReady = request != null && Boolean.TRUE.equals(request.ready());
        List<IndexEntry> entries = new ArrayList<>();
        Set<ModelKey> deployed = new HashSet<>();
        for (ModelVersion version : models.all()) {
            deployed.add(version.key());
            entries.add(new IndexEntry(version.key().name(), version.key().version(), state(version.status()),
                    version.failure().orElse(null)));
        }
        for (ModelSource source : repository.found()) {
            if (!deployed.contains(source.key())) {
                entries.add(new IndexEntry(source.key().name(), source.key().version(), "UNAVAILABLE", "unloaded"));
            }
        }
        return onlyReady ? entries.stream().filter(e -> e.state().equals("READY")).toList() : entries;
    }

    @POST
    @Blocking
    @Path("/models/{model}/load")
    @Operation(summary = "Load (or reload) a model from the repository; 200 once its versions are READY")
    public Map<String, Object> load(@PathParam("model") String model) {
        List<ModelVersion> versions = repository.load(model);
        for (ModelVersion version : versions) {
            version.awaitSettled(config.loadWait());
            if (version.status() == ModelStatus.FAILED) {
                throw new InvalidInputException("failed to load " + version.key() + ": "
                        + version.failure().orElse("unknown reason"), model, version.key().version());
            }
        }
        return Map.of();
    }

    @POST
    @Path("/models/{model}/unload")
    @Operation(summary = "Unload every version of a model after its queued requests finish")
    public Map<String, Object> unload(@PathParam("model") String model) {
        deployments.undeploy(model, null);
        return Map.of();
    }

    private static String state(ModelStatus status) {
        return switch (status) {
            case READY -> "READY";
            case PENDING, LOADING -> "LOADING";
            case UNLOADING -> "UNLOADING";
            case FAILED -> "UNAVAILABLE";
        };
    }
}
