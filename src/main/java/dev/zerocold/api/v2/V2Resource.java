package dev.zerocold.api.v2;

import dev.zerocold.common.InvalidInputException;
import dev.zerocold.runtime.ModelConfig;
import dev.zerocold.runtime.ModelStatus;
import dev.zerocold.runtime.registry.ModelVersion;
import dev.zerocold.runtime.registry.ModelVersions;
import dev.zerocold.runtime.inference.Inference;
import dev.zerocold.runtime.serving.ServedModel;
import dev.zerocold.runtime.registry.ModelLifecycle;
import dev.zerocold.runtime.tensor.TensorAdapter;
import dev.zerocold.runtime.tensor.Tensor;
import dev.zerocold.runtime.tensor.TensorMetadata;
import dev.zerocold.runtime.tensor.TensorAdapters;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;

/**
 * The Open Inference Protocol (KServe V2 / Triton) REST endpoints for every model in the registry:
 * server and model metadata, liveness and readiness, and inference with JSON tensors. Each task's
 * {@link TensorAdapter} maps tensors onto its models; a request without a version goes through the
 * model's traffic split ({@code X-Routing-Key} keeps a client on one version). Errors are
 * {@code {"error": "…"}} ({@link V2ErrorFilter}).
 */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Open Inference Protocol")
public class V2Resource {

    /** The extensions this server implements, as {@code GET /v2} lists them. */
    static final List<String> EXTENSIONS = List.of("model_repository");

    /** {@code $metadata_server_response}. */
    @RegisterForReflection
    public record ServerMetadata(String name, String version, List<String> extensions) {
    }

    /** {@code $live_server_response}. */
    @RegisterForReflection
    public record Live(boolean live) {
    }

    /** {@code $ready_server_response}. */
    @RegisterForReflection
    public record Ready(boolean ready) {
    }

    /** {@code $ready_model_response}. */
    @RegisterForReflection
    public record ModelReady(String name, boolean ready) {
    }

    private final Inference inference;
    private final ModelVersions models;
    private final TensorAdapters adapters;
    private final ModelLifecycle lifecycle;
    private final String version;

    public V2Resource(Inference inference, ModelVersions models, TensorAdapters adapters, ModelLifecycle lifecycle) {
        this.inference = inference;
        this.models = models;
        this.adapters = adapters;
        this.lifecycle = lifecycle;
        this.version = ConfigProvider.getConfig().getOptionalValue("quarkus.application.version", String.class)
                .orElse("unknown");
    }

    @GET
    @Operation(summary = "Server metadata: name, version and the protocol extensions implemented")
    public ServerMetadata server() {
        return new ServerMetadata("zerocold", version, EXTENSIONS);
    }

    @GET
    @Path("/health/live")
    @Operation(summary = "Liveness: 200 while the server can answer")
    public Live live() {
        return new Live(true);
    }

    @GET
    @Path("/health/ready")
    @Operation(summary = "Readiness: 200 when every eagerly loaded model's default version is READY, else 503")
    public Response ready() {
        boolean ready = lifecycle.ready();
        return Response.status(ready ? 200 : 503).entity(new Ready(ready)).build();
    }

    @GET
    @Path("/models/{model}")
    @Operation(summary = "Model metadata: versions, platform, and the tensors of its default version as loaded")
    public ModelMetadata model(@PathParam("model") String model) {
        return metadata(model, models.defaultVersion(model));
    }

    @GET
    @Path("/models/{model}/versions/{version}")
    @Operation(summary = "Model metadata of one version")
    public ModelMetadata model(@PathParam("model") String model, @PathParam("version") String version) {
        return metadata(model, models.find(model, version));
    }

    @GET
    @Path("/models/{model}/ready")
    @Operation(summary = "Whether the model's default version is READY: 200 if so, else 503")
    public Response modelReady(@PathParam("model") String model) {
        return readiness(model, models.defaultVersion(model));
    }

    @GET
    @Path("/models/{model}/versions/{version}/ready")
    @Operation(summary = "Whether this version is READY: 200 if so, else 503")
    public Response modelReady(@PathParam("model") String model, @PathParam("version") String version) {
        return readiness(model, models.find(model, version));
    }

    @POST
    @Blocking
    @Path("/models/{model}/infer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Inference with JSON tensors; without a version, the model's traffic split chooses one")
    public CompletionStage<InferResponse> infer(@PathParam("model") String model, InferRequest request,
                                                @RestHeader("X-Routing-Key") String routingKey) {
        return infer(model, null, request, routingKey);
    }

    @POST
    @Blocking
    @Path("/models/{model}/versions/{version}/infer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Inference with JSON tensors on one version")
    public CompletionStage<InferResponse> infer(@PathParam("model") String model, @PathParam("version") String version,
                                                InferRequest request, @RestHeader("X-Routing-Key") String routingKey) {
        if (request == null || request.inputs() == null || request.inputs().isEmpty()) {
            throw new InvalidInputException("inputs is required and must not be empty", model, version);
        }
        List<Tensor> inputs = new ArrayList<>(request.inputs().size());
        for (int i = 0; i < request.inputs().size(); i++) {
            InferRequest.Input input = request.inputs().get(i);
            if (input == null) {
                throw new InvalidInputException("inputs[" + i + "] must be an object", model, version);
            }
            inputs.add(input.tensor("inputs[" + i + "]"));
        }
        List<String> wanted = new ArrayList<>();
        if (request.outputs() != null) {
            for (InferRequest.Output output : request.outputs()) {
                if (output == null || output.name() == null) {
                    throw new InvalidInputException("each requested output needs a name", model, version);
                }
                wanted.add(output.name());
            }
        }
        return inference.serve(model, version, routingKey).thenCompose(served -> adapters.of(served).infer(served, inputs)
                .thenApply(outputs -> new InferResponse(served.key().name(), served.key().version(), request.id(),
                        TensorMetadata.select(outputs, wanted).stream().map(InferResponse.Output::of).toList())));
    }

    private ModelMetadata metadata(String model, ModelVersion chosen) {
        ServedModel<?, ?> served = chosen.serving();
        String platform = chosen.config().map(ModelConfig::framework).map(framework -> switch (framework) {
            case ONNX -> "onnxruntime_onnx";
            case OPENNLP -> "opennlp";
            case JAVA -> "java";
        }).orElse("unknown");
        List<String> versions = models.all(model).stream().map(v -> v.key().version()).toList();
        TensorMetadata metadata = adapters.metadata(served);
        return new ModelMetadata(model, versions, platform, metadata.inputs(), metadata.outputs());
    }

    private static Response readiness(String model, ModelVersion chosen) {
        boolean ready = chosen.status() == ModelStatus.READY;
        return Response.status(ready ? 200 : 503).entity(new ModelReady(model, ready)).build();
    }
}
