package dev.zerocold.api.openai;

import dev.zerocold.common.ModelNotFoundException;
import dev.zerocold.runtime.ModelConfig;
import dev.zerocold.runtime.ModelStatus;
import dev.zerocold.runtime.registry.ModelVersion;
import dev.zerocold.runtime.registry.ModelVersions;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{model}}: every model that can answer, whatever
 * its task, by name (OpenAI clients name models, not versions; the traffic split picks the
 * version). A model whose every version FAILED is not listed.
 */
@Path("/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelListResource {

    private static final String OWNER = "zerocold";

    private final ModelVersions versions;
    private final long started = Instant.now().getEpochSecond();

    public ModelListResource(ModelVersions versions) {
        this.versions = versions;
    }

    @GET
    public ModelList list() {
        Map<String, ModelList.Entry> models = new LinkedHashMap<>();
        for (ModelVersion version : versions.all()) {
            entry(version).ifPresent(entry -> models.putIfAbsent(entry.id(), entry));
        }
        return new ModelList("list", new ArrayList<>(models.values()));
    }

    @GET
    @Path("/{model}")
    public ModelList.Entry get(@PathParam("model") String model) {
        List<ModelVersion> all = versions.all(model);
        return all.stream().map(this::entry).flatMap(Optional::stream).findFirst()
                .orElseThrow(() -> new ModelNotFoundException("The model '" + model + "' does not exist", model, null));
    }

    private Optional<ModelList.Entry> entry(ModelVersion version) {
        if (version.status() == ModelStatus.FAILED || version.status() == ModelStatus.UNLOADING) {
            return Optional.empty();
        }
        String task = version.config().map(ModelConfig::task).map(t -> t.id()).orElse(null);
        return Optional.of(new ModelList.Entry(version.key().name(), "model", started, OWNER, task));
    }
}
