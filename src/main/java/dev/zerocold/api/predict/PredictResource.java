package dev.zerocold.api.predict;

import dev.zerocold.api.v2.InferResponse;
import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.tensor.TaskTensors;
import dev.zerocold.runtime.tensor.Tensor;
import dev.zerocold.runtime.tensor.TensorFaces;
import dev.zerocold.runtime.tensor.TensorJson;
import com.fasterxml.jackson.databind.JsonNode;
import dev.zerocold.api.batch.BatchConfig;
import dev.zerocold.api.batch.BatchRequest;
import dev.zerocold.api.batch.BatchService;
import dev.zerocold.common.InvalidInputException;
import dev.zerocold.common.Latency;
import dev.zerocold.common.PayloadTooLargeException;
import dev.zerocold.recommend.rest.RecommendResponse;
import dev.zerocold.recommend.service.RecommendService;
import dev.zerocold.runtime.ModelManager;
import dev.zerocold.runtime.serving.Futures;
import io.smallrye.common.annotation.Blocking;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestHeader;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /predict/{name}}: any model by name, its inputs shaped by its task. Texts and images
 * go through the batch path (one admission to the model's queue); users through the recommender,
 * each its own query. Traffic splits and routing keys apply as on the task endpoints.
 */
@Path("/predict/{name}")
public class PredictResource {

    private final ModelManager models;
    private final BatchService batch;
    private final RecommendService recommend;
    private final BatchConfig limits;
    private final TensorFaces faces;

    public PredictResource(ModelManager models, BatchService batch, RecommendService recommend, BatchConfig limits,
                           TensorFaces faces) {
        this.models = models;
        this.faces = faces;
        this.batch = batch;
        this.recommend = recommend;
        this.limits = limits;
    }

    @POST
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<PredictResponse> predict(@PathParam("name") String name, @NotNull PredictRequest request,
                                                    @RestHeader("X-Routing-Key") String header) {
        long start = System.nanoTime();
        String routingKey = header != null ? header : request.routingKey();
        Task task = models.task(name, request.version());
        if (task == Task.TENSOR) {
            return tensors(name, request, routingKey, start);
        }
        List<String> inputs = strings(request.inputs());
        PredictRequest.Parameters p = request.parameters() == null
                ? new PredictRequest.Parameters(null, null, null, null) : request.parameters();
        return switch (task) {
            case SENTIMENT -> batch.predict(new BatchRequest(inputs, null, name, request.version(), null, routingKey), start)
                    .thenApply(r -> new PredictResponse(r.results(), r.model(), r.version(), Latency.millisSince(start)));
            case IMAGE -> batch.predict(new BatchRequest(null, inputs, name, request.version(), p.topK(), routingKey), start)
                    .thenApply(r -> new PredictResponse(r.results(), r.model(), r.version(), Latency.millisSince(start)));
            case RECOMMEND -> users(name, request.version(), routingKey, inputs, p, start);
            default -> throw new InvalidInputException("model '" + name + "' serves a task this endpoint does not take yet",
                    name, request.version());
        };
    }

    private CompletableFuture<PredictResponse> users(String name, String version, String routingKey, List<String> users,
                                                     PredictRequest.Parameters p, long start) {
        if (users.size() > limits.maxItems()) {
            throw new PayloadTooLargeException(users.size() + " inputs; at most " + limits.maxItems()
                    + " are accepted in one request (zerocold.batch.max-items)");
        }
        List<CompletableFuture<RecommendService.Served>> each = new ArrayList<>();
        for (String user : users) {
            each.add(recommend.recommend(user, p.category(), p.limit(), p.excludeSeen() == null || p.excludeSeen(), name,
                    version, routingKey, start));
        }
        return Futures.inOrder(each, (index, error) -> error instanceof InvalidInputException invalid
                        ? new InvalidInputException("inputs[" + index + "]: " + invalid.getMessage(), name, version) : error)
                .thenApply(served -> new PredictResponse(served.stream().map(s -> new RecommendResponse(
                        s.recommendations().items().stream().map(RecommendResponse.RecommendedItem::of).toList(),
                        s.recommendations().strategy(), s.key().name(), s.key().version(), s.latencyMs(), null)).toList(),
                        served.get(0).key().name(), served.get(0).key().version(), Latency.millisSince(start)));
    }

    /**
     * A tensor model's inputs as the Open Inference Protocol writes tensors ({@code [{"name", "datatype",
     * "shape", "data"}]}); its outputs likewise.
     */
    private CompletableFuture<PredictResponse> tensors(String name, PredictRequest request, String routingKey, long start) {
        JsonNode inputs = request.inputs();
        if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
            throw new InvalidInputException("inputs must be a non-empty array of tensors "
                    + "({\"name\", \"datatype\", \"shape\", \"data\"})", name, request.version());
        }
        List<Tensor> tensors = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            JsonNode input = inputs.get(i);
            if (!input.isObject()) {
                throw new InvalidInputException("inputs[" + i + "] must be a tensor object", name, request.version());
            }
            List<Long> shape = new ArrayList<>();
            input.path("shape").forEach(dim -> shape.add(dim.canConvertToLong() && dim.isIntegralNumber() ? dim.longValue() : -1L));
            tensors.add(TensorJson.read(input.path("name").textValue(), input.path("datatype").textValue(),
                    input.has("shape") && input.get("shape").isArray() ? shape : null, input.get("data"),
                    "inputs[" + i + "]"));
        }
        return faces.of(Task.TENSOR).infer(new TaskTensors.Call(name, request.version(), routingKey, tensors))
                .thenApply(inferred -> new PredictResponse(inferred.outputs().stream().map(InferResponse.Output::of).toList(),
                        inferred.key().name(), inferred.key().version(), Latency.millisSince(start)));
    }

    /** A string, or an array of strings, as a list; anything else is a 400. */
    private static List<String> strings(JsonNode inputs) {
        if (inputs == null || inputs.isNull()) {
            throw new InvalidInputException("inputs is required");
        }
        if (inputs.isTextual()) {
            return List.of(inputs.textValue());
        }
        if (!inputs.isArray() || inputs.isEmpty()) {
            throw new InvalidInputException("inputs must be a string or a non-empty array of strings");
        }
        List<String> out = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            if (!inputs.get(i).isTextual()) {
                throw new InvalidInputException("inputs[" + i + "] must be a string");
            }
            out.add(inputs.get(i).textValue());
        }
        return out;
    }
}
