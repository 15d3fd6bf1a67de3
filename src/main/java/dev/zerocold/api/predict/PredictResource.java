package dev.zerocold.api.predict;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zerocold.api.v2.InferRequest;
import dev.zerocold.api.v2.InferResponse;
import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.tensor.TaskTensors;
import dev.zerocold.runtime.tensor.Tensor;
import dev.zerocold.runtime.tensor.TensorFaces;
import com.fasterxml.jackson.databind.JsonNode;
import dev.zerocold.api.batch.BatchRequest;
import dev.zerocold.api.batch.BatchService;
import dev.zerocold.common.InvalidInputException;
import dev.zerocold.common.Latency;
import dev.zerocold.recommend.rest.RecommendResponse;
import dev.zerocold.recommend.service.RecommendService;
import dev.zerocold.runtime.ModelManager;
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
    private final TensorFaces faces;
    private final ObjectMapper json;

    public PredictResource(ModelManager models, BatchService batch, RecommendService recommend, TensorFaces faces,
                           ObjectMapper json) {
        this.models = models;
        this.faces = faces;
        this.json = json;
        this.batch = batch;
        this.recommend = recommend;
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
        batch.checkCount(users.size(), "inputs");
        return recommend.recommendAll(users, p.category(), p.limit(), p.excludeSeen() == null || p.excludeSeen(), name,
                        version, routingKey)
                .thenApply(served -> {
                    double latency = Latency.millisSince(start);
                    return new PredictResponse(served.recommendations().stream().map(r -> new RecommendResponse(
                            r.items().stream().map(RecommendResponse.RecommendedItem::of).toList(), r.strategy(),
                            served.key().name(), served.key().version(), latency, null)).toList(),
                            served.key().name(), served.key().version(), latency);
                });
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
            InferRequest.Input input;
            try {
                input = json.treeToValue(inputs.get(i), InferRequest.Input.class);  // bound as on /v2, as strictly
            } catch (JsonProcessingException e) {
                throw new InvalidInputException("inputs[" + i + "] is not a tensor ({\"name\", \"datatype\", \"shape\", "
                        + "\"data\"}): " + e.getOriginalMessage().lines().findFirst().orElse(""), name, request.version());
            }
            tensors.add(input.tensor("inputs[" + i + "]"));
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
