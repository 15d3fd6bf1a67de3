package dev.zerocold.api.predict;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zerocold.api.v2.InferRequest;
import dev.zerocold.api.v2.InferResponse;
import dev.zerocold.common.InvalidInputException;
import dev.zerocold.common.Latency;
import dev.zerocold.embedding.model.EmbeddingInput;
import dev.zerocold.embedding.model.TextEmbedder;
import dev.zerocold.embedding.service.EmbeddingService;
import dev.zerocold.image.model.ImageClassifier;
import dev.zerocold.image.model.ImageInput;
import dev.zerocold.image.service.ImageService;
import dev.zerocold.recommend.rest.RecommendResponse;
import dev.zerocold.recommend.service.RecommendService;
import dev.zerocold.recommend.service.RecommenderModel;
import dev.zerocold.runtime.Signature;
import dev.zerocold.runtime.inference.Inference;
import dev.zerocold.runtime.serving.ServedModel;
import dev.zerocold.runtime.tensor.Tensor;
import dev.zerocold.runtime.tensor.TensorAdapters;
import dev.zerocold.sentiment.service.SentimentService;
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
 * {@code POST /predict/{name}}: any model by name, its inputs shaped by its task. The version is
 * resolved once (traffic splits and routing keys apply as on the task endpoints); texts, images and
 * users then go to their feature's service, tensors to the tensor adapter, all on that version.
 */
@Path("/predict/{name}")
public class PredictResource {

    private final Inference inference;
    private final SentimentService sentiment;
    private final ImageService images;
    private final RecommendService recommend;
    private final EmbeddingService embeddings;
    private final TensorAdapters adapters;
    private final ObjectMapper json;

    public PredictResource(Inference inference, SentimentService sentiment, ImageService images,
                           RecommendService recommend, EmbeddingService embeddings, TensorAdapters adapters,
                           ObjectMapper json) {
        this.inference = inference;
        this.sentiment = sentiment;
        this.images = images;
        this.recommend = recommend;
        this.embeddings = embeddings;
        this.adapters = adapters;
        this.json = json;
    }

    @POST
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<PredictResponse> predict(@PathParam("name") String name, @NotNull PredictRequest request,
                                                    @RestHeader("X-Routing-Key") String header) {
        long start = System.nanoTime();
        String routingKey = header != null ? header : request.routingKey();
        return inference.serve(name, request.version(), routingKey)
                .thenCompose(served -> outputs(served, request, start))
                .thenApply(out -> new PredictResponse(out.outputs(), out.served().key().name(),
                        out.served().key().version(), Latency.millisSince(start)));
    }

    /** The outputs of one request and the version that answered. */
    private record Outputs(ServedModel<?, ?> served, List<?> outputs) {
    }

    private CompletableFuture<Outputs> outputs(ServedModel<?, ?> served, PredictRequest request, long start) {
        PredictRequest.Parameters p = request.parameters() == null
                ? new PredictRequest.Parameters(null, null, null, null) : request.parameters();
        return switch (served.task()) {
            case SENTIMENT -> {
                List<String> texts = sentiment.checkedTexts(strings(request.inputs()), "inputs");
                yield sentiment.summarize(served.as(Signature.TEXT_CLASSIFIER), texts, "inputs")
                        .thenApply(results -> new Outputs(served, results));
            }
            case IMAGE -> {
                List<ImageInput> encoded = images.checkedImages(strings(request.inputs()), "inputs");
                yield images.top(served.as(ImageClassifier.SIGNATURE), encoded, p.topK(), "inputs")
                        .thenApply(results -> new Outputs(served, results));
            }
            case RECOMMEND -> {
                yield recommend.recommendAll(served.as(RecommenderModel.SIGNATURE), strings(request.inputs()), "inputs",
                        p.category(), p.limit(),
                        p.excludeSeen() == null || p.excludeSeen()).thenApply(all -> new Outputs(served, all.stream()
                        .map(r -> new RecommendResponse(r.items().stream().map(RecommendResponse.RecommendedItem::of)
                                .toList(), r.strategy(), served.key().name(), served.key().version(), Latency.millisSince(start), null))
                        .toList()));
            }
            case EMBEDDING -> {
                List<EmbeddingInput> texts = embeddings.checkedTexts(strings(request.inputs()), true, "inputs");
                yield embeddings.summarize(served.as(TextEmbedder.SIGNATURE), texts, "inputs")
                        .thenApply(vectors -> new Outputs(served, vectors));
            }
            case TENSOR -> adapters.of(served).infer(served, tensors(request))
                    .thenApply(out -> new Outputs(served, out.stream().map(InferResponse.Output::of).toList()));
            case TEXT_GENERATION -> throw new InvalidInputException("model '" + served.key().name() + "' generates text: "
                    + "use /v1/completions or /v1/chat/completions", served.key().name(), served.key().version());
        };
    }

    /**
     * A tensor model's inputs as the Open Inference Protocol writes tensors ({@code [{"name", "datatype",
     * "shape", "data"}]}); its outputs likewise.
     */
    private List<Tensor> tensors(PredictRequest request) {
        JsonNode inputs = request.inputs();
        if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
            throw new InvalidInputException("inputs must be a non-empty array of tensors "
                    + "({\"name\", \"datatype\", \"shape\", \"data\"})");
        }
        List<Tensor> tensors = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            InferRequest.Input input;
            try {
                input = json.treeToValue(inputs.get(i), InferRequest.Input.class);  // bound as on /v2, as strictly
            } catch (JsonProcessingException e) {
                throw new InvalidInputException("inputs[" + i + "] is not a tensor ({\"name\", \"datatype\", \"shape\", "
                        + "\"data\"}): " + e.getOriginalMessage().lines().findFirst().orElse(""));
            }
            tensors.add(input.tensor("inputs[" + i + "]"));
        }
        return tensors;
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
