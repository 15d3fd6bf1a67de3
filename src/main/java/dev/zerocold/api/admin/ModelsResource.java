package dev.zerocold.api.admin;

import dev.zerocold.common.InvalidInputException;
import dev.zerocold.common.ModelNotFoundException;
import dev.zerocold.runtime.registry.Deployments;
import dev.zerocold.runtime.registry.ModelVersions;
import dev.zerocold.runtime.tensor.TensorAdapters;
import dev.zerocold.runtime.registry.ModelVersion;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The management API over the model registry: list, deploy (asynchronous: 202 with the version's
 * status URL), traffic split, delete (drains first). Writes need an API key ({@link ManagementAuthFilter}).
 */
@Path("/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    private final ModelVersions models;
    private final Deployments deployments;
    private final TensorAdapters adapters;

    public ModelsResource(ModelVersions models, Deployments deployments, TensorAdapters adapters) {
        this.models = models;
        this.deployments = deployments;
        this.adapters = adapters;
    }

    @GET
    public List<ModelInfo> list() {
        Map<String, List<ModelVersion>> byName = new LinkedHashMap<>();
        for (ModelVersion v : models.all()) {
            byName.computeIfAbsent(v.key().name(), n -> new java.util.ArrayList<>()).add(v);
        }
        return byName.keySet().stream().map(name -> info(name, byName.get(name))).toList();
    }

    @GET
    @Path("/{name}")
    public ModelInfo get(@PathParam("name") String name) {
        return info(name, versionsOf(name));
    }

    @GET
    @Path("/{name}/versions/{version}")
    public ModelInfo.VersionInfo version(@PathParam("name") String name, @PathParam("version") String version) {
        return versionsOf(name).stream().filter(v -> v.key().version().equals(version)).findFirst()
                .map(this::info)
                .orElseThrow(() -> new ModelNotFoundException("model '" + name + "' has no version '" + version + "'",
                        name, version));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "202", description = "Loading; poll the Location for READY or FAILED")
    public Response deploy(DeployRequest request) {
        if (request == null) {
            throw new InvalidInputException("a JSON body is required, e.g. {\"name\": \"sentiment\", \"version\": \"2\", "
                    + "\"path\": \"models/sentiment/2\"}");
        }
        return deploy(request.name(), request.version(), request);
    }

    @POST
    @Path("/{name}/versions/{version}")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "202", description = "Loading; poll the Location for READY or FAILED")
    public Response deployVersion(@PathParam("name") String name, @PathParam("version") String version,
                                  DeployRequest request) {
        DeployRequest body = request == null ? new DeployRequest(null, null, null, null, null, null) : request;
        if ((body.name() != null && !body.name().equals(name)) || (body.version() != null && !body.version().equals(version))) {
            throw new InvalidInputException("name and version in the body must match the path", name, version);
        }
        return deploy(name, version, body);
    }

    @PUT
    @Path("/{name}/traffic")
    @Consumes(MediaType.APPLICATION_JSON)
    public ModelInfo traffic(@PathParam("name") String name, Map<String, Double> weights) {
        if (weights == null) {
            throw new InvalidInputException("a JSON object of version weights is required, e.g. {\"1\": 0.9, \"2\": 0.1}; "
                    + "{} removes the split", name, null);
        }
        deployments.setTraffic(name, weights);
        return get(name);
    }

    @DELETE
    @Path("/{name}")
    @APIResponse(responseCode = "202", description = "Unloading: in-flight and queued predictions finish first")
    public Response delete(@PathParam("name") String name) {
        List<ModelVersion> going = deployments.undeploy(name, null);
        return Response.accepted(new ModelInfo(name, going.stream().map(this::info).toList(), Map.of()))
                .build();
    }

    @DELETE
    @Path("/{name}/versions/{version}")
    @APIResponse(responseCode = "202", description = "Unloading: in-flight and queued predictions finish first")
    public Response deleteVersion(@PathParam("name") String name, @PathParam("version") String version) {
        List<ModelVersion> going = deployments.undeploy(name, version);
        return Response.accepted(info(going.get(0))).build();
    }

    private Response deploy(String name, String version, DeployRequest request) {
        ModelVersion deployed = deployments.deploy(name, version, request.path(),
                request.config() == null ? null : request.config().settings(), request.framework(), request.task());
        return Response.accepted(info(deployed))
                .location(URI.create("/models/" + name + "/versions/" + version)).build();
    }

    private List<ModelVersion> versionsOf(String name) {
        List<ModelVersion> versions = models.all(name);
        if (versions.isEmpty()) {
            throw new ModelNotFoundException("no model named '" + name + "' is deployed", name, null);
        }
        return versions;
    }

    private ModelInfo info(String name, List<ModelVersion> versions) {
        return new ModelInfo(name, versions.stream().map(this::info).toList(),
                deployments.trafficSplit(name).orElse(Map.of()));
    }

    private ModelInfo.VersionInfo info(ModelVersion version) {
        return ModelInfo.VersionInfo.of(version, version.served().flatMap(adapters::find));
    }
}
