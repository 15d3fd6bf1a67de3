package dev.zerocold.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zerocold.common.InvalidInputException;
import dev.zerocold.embedding.model.Embedding;
import dev.zerocold.embedding.model.EmbeddingInput;
import dev.zerocold.embedding.service.EmbeddingService;
import dev.zerocold.runtime.serving.ServedModel;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestHeader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /v1/embeddings}, compatible with OpenAI's API and SDKs: the wire's input forms become
 * embedding inputs, the embedding service runs them on the resolved version, and the vectors go
 * back as floats or base64 (little-endian float32, what recent SDKs ask for by default), shortened
 * to {@code dimensions} and re-normalised when asked. Runs on the event loop; nothing blocks.
 */
@Path("/v1/embeddings")
public class EmbeddingsResource {

    private static final String INPUT = "input";
    private static final String SHAPES = "input must be a string, an array of strings, an array of token ids or an "
            + "array of arrays of token ids";

    private final EmbeddingService embeddings;

    public EmbeddingsResource(EmbeddingService embeddings) {
        this.embeddings = embeddings;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<EmbeddingsResponse> create(@NotNull EmbeddingsRequest request,
                                                      @RestHeader("X-Routing-Key") String routingKey) {
        boolean base64 = base64(request.encodingFormat());
        boolean truncate = request.truncate() == null || request.truncate();
        List<EmbeddingInput> inputs = inputs(request.input(), truncate);
        return embeddings.serve(request.model(), null, routingKey).thenCompose(served -> {
            int dimensions = EmbeddingService.checkedDimensions(request.dimensions(), served, "dimensions");
            return embeddings.embed(served, inputs, INPUT)
                    .thenApply(vectors -> answer(served, vectors, dimensions, base64));
        });
    }

    private static boolean base64(String format) {
        if (format == null || format.equals("float")) {
            return false;
        }
        if (format.equals("base64")) {
            return true;
        }
        throw new InvalidInputException("encoding_format must be float or base64, not '" + format + "'");
    }

    /** The wire's four input forms as embedding inputs, checked against the feature's limits. */
    private List<EmbeddingInput> inputs(JsonNode input, boolean truncate) {
        if (input == null || input.isNull() || input.isMissingNode()) {
            throw new InvalidInputException("input is required");
        }
        if (input.isTextual()) {
            return embeddings.checkedTexts(List.of(input.textValue()), truncate, INPUT);
        }
        if (!input.isArray()) {
            throw new InvalidInputException(SHAPES);
        }
        if (input.isEmpty()) {
            throw new InvalidInputException("input must not be empty");
        }
        JsonNode first = input.get(0);
        if (first.isTextual()) {
            List<String> texts = new ArrayList<>(input.size());
            for (int i = 0; i < input.size(); i++) {
                if (!input.get(i).isTextual()) {
                    throw new InvalidInputException("input[" + i + "] must be a string like the other items");
                }
                texts.add(input.get(i).textValue());
            }
            return embeddings.checkedTexts(texts, truncate, INPUT);
        }
        if (first.isNumber()) {
            return embeddings.checkedIds(List.of(ids(input, INPUT)), truncate, INPUT);
        }
        if (first.isArray()) {
            List<long[]> rows = new ArrayList<>(input.size());
            for (int i = 0; i < input.size(); i++) {
                if (!input.get(i).isArray()) {
                    throw new InvalidInputException("input[" + i + "] must be an array of token ids like the other items");
                }
                rows.add(ids(input.get(i), INPUT + "[" + i + "]"));
            }
            return embeddings.checkedIds(rows, truncate, INPUT);
        }
        throw new InvalidInputException(SHAPES);
    }

    private static long[] ids(JsonNode array, String field) {
        long[] ids = new long[array.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode id = array.get(i);
            if (!id.isIntegralNumber() || !id.canConvertToLong()) {
                throw new InvalidInputException(field + "[" + i + "] must be a token id (an integer)");
            }
            ids[i] = id.longValue();
        }
        return ids;
    }

    private static EmbeddingsResponse answer(ServedModel<EmbeddingInput, Embedding> served, List<Embedding> vectors,
                                             int dimensions, boolean base64) {
        List<EmbeddingsResponse.Item> data = new ArrayList<>(vectors.size());
        long tokens = 0;
        for (int i = 0; i < vectors.size(); i++) {
            Embedding embedding = vectors.get(i);
            float[] vector = EmbeddingService.shortened(embedding.vector(), dimensions);
            data.add(new EmbeddingsResponse.Item("embedding", i, base64 ? base64(vector) : vector,
                    embedding.truncated() ? Boolean.TRUE : null));
            tokens += embedding.tokens();
        }
        return new EmbeddingsResponse("list", data, served.key().name(), new EmbeddingsResponse.Usage(tokens, tokens));
    }

    private static String base64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
