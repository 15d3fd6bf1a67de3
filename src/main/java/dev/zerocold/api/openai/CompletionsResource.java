package dev.zerocold.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zerocold.common.InvalidInputException;
import dev.zerocold.generation.model.GenerationRequest;
import dev.zerocold.generation.model.TextGenerator;
import dev.zerocold.generation.service.GenerationService;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestMulti;

import java.util.List;

/**
 * {@code POST /v1/completions}, compatible with OpenAI's API and SDKs: one prompt (text or token
 * ids) continued by the resolved generative model, answered whole or streamed as server-sent
 * events ({@link CompletionAnswers}). Runs on the event loop; nothing blocks.
 */
@Path("/v1/completions")
public class CompletionsResource {

    private static final String PROMPT = "prompt must be a string or an array of token ids (or an array holding "
            + "one of them)";

    private final GenerationService generation;
    private final CompletionAnswers answers;

    public CompletionsResource(GenerationService generation, CompletionAnswers answers) {
        this.generation = generation;
        this.answers = answers;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public RestMulti<String> create(@NotNull CompletionsRequest request, @RestHeader("X-Routing-Key") String routingKey,
                                    RoutingContext context) {
        GenerationParams.checkN(request.n());
        GenerationParams.unsupported(Boolean.TRUE.equals(request.echo()), "echo");
        GenerationParams.unsupported(request.bestOf() != null && request.bestOf() != 1, "best_of above 1");
        GenerationParams.unsupported(request.logprobs() != null && request.logprobs() != 0, "logprobs");
        GenerationParams.unsupported(request.suffix() != null && !request.suffix().isEmpty(), "suffix");
        boolean stream = Boolean.TRUE.equals(request.stream());
        boolean usage = GenerationParams.includeUsage(stream, request.streamOptions());
        Integer maxTokens = GenerationParams.maxTokens(request.maxTokens(), "max_tokens");
        List<String> stop = generation.checkedStop(GenerationParams.stop(request.stop()));
        JsonNode prompt = single(request.prompt());
        String text = prompt.isTextual() ? generation.checkedPrompt(prompt.textValue(), "prompt") : null;
        long[] ids = prompt.isArray() ? ids(prompt) : null;
        long deadline = generation.deadline();
        return answers.respond(generation.serve(request.model(), routingKey).thenCompose(served -> {
            TextGenerator model = GenerationService.generator(served);
            GenerationRequest input = new GenerationRequest(text, ids, null, GenerationParams.sampling(model.defaults(),
                    request.temperature(), request.topP(), request.topK(), request.seed(), request.frequencyPenalty(),
                    request.presencePenalty(), request.logitBias(), model.vocabulary()),
                    maxTokens, generation.defaultCompletionTokens(), stop, deadline);
            return generation.generate(served, input)
                    .thenCompose(s -> {
                        CompletionAnswers.cancelOnClose(context, s);
                        return answers.completion(served.key().name(), s, stream, usage);
                    });
        }));
    }

    /** The one prompt: a string or token ids, or an array holding one of them. */
    private static JsonNode single(JsonNode prompt) {
        if (prompt == null || prompt.isNull()) {
            throw new InvalidInputException("prompt is required");
        }
        if (prompt.isArray() && prompt.size() == 1 && (prompt.get(0).isTextual() || prompt.get(0).isArray())) {
            return prompt.get(0);
        }
        if (prompt.isArray() && !prompt.isEmpty() && (prompt.get(0).isTextual() || prompt.get(0).isArray())) {
            throw new InvalidInputException("prompt holds " + prompt.size() + " prompts; send one per request");
        }
        if (prompt.isTextual() || (prompt.isArray() && !prompt.isEmpty())) {
            return prompt;
        }
        throw new InvalidInputException(prompt.isArray() ? "prompt must not be empty" : PROMPT);
    }

    private static long[] ids(JsonNode array) {
        long[] ids = new long[array.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode id = array.get(i);
            if (!id.isIntegralNumber() || !id.canConvertToLong()) {
                throw new InvalidInputException("prompt[" + i + "] must be a token id (an integer)");
            }
            ids[i] = id.longValue();
        }
        return ids;
    }
}
