package dev.zerocold.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zerocold.common.InvalidInputException;
import dev.zerocold.generation.model.ChatMessage;
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

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /v1/chat/completions}, compatible with OpenAI's API and SDKs: the messages go through
 * the resolved model's chat template and the assistant's answer comes back whole or streamed as
 * {@code chat.completion.chunk} events ({@link CompletionAnswers}). Runs on the event loop; nothing
 * blocks.
 */
@Path("/v1/chat/completions")
public class ChatCompletionsResource {

    private static final Set<String> MESSAGE_FIELDS = Set.of("role", "content", "name");

    private final GenerationService generation;
    private final CompletionAnswers answers;

    public ChatCompletionsResource(GenerationService generation, CompletionAnswers answers) {
        this.generation = generation;
        this.answers = answers;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public RestMulti<String> create(@NotNull ChatCompletionsRequest request,
                                    @RestHeader("X-Routing-Key") String routingKey,
                                    RoutingContext context) {
        GenerationParams.checkN(request.n());
        GenerationParams.unsupported(Boolean.TRUE.equals(request.logprobs()) || request.topLogprobs() != null,
                "logprobs");
        GenerationParams.unsupported(present(request.tools()) && !request.tools().isEmpty(), "tools");
        GenerationParams.unsupported(present(request.toolChoice()) && !request.toolChoice().asText().equals("none")
                && !request.toolChoice().asText().equals("auto"), "tool_choice");
        GenerationParams.unsupported(present(request.responseFormat())
                && !request.responseFormat().path("type").asText().equals("text"), "response_format other than text");
        boolean stream = Boolean.TRUE.equals(request.stream());
        boolean usage = GenerationParams.includeUsage(stream, request.streamOptions());
        Integer maxTokens = GenerationParams.maxTokens(request.maxCompletionTokens() != null
                ? request.maxCompletionTokens() : request.maxTokens(),
                request.maxCompletionTokens() != null ? "max_completion_tokens" : "max_tokens");
        List<String> stop = generation.checkedStop(GenerationParams.stop(request.stop()));
        List<ChatMessage> messages = generation.checkedMessages(messages(request.messages()));
        long deadline = generation.deadline();
        return answers.respond(generation.serve(request.model(), routingKey).thenCompose(served -> {
            TextGenerator model = GenerationService.generator(served);
            GenerationRequest input = new GenerationRequest(null, null, messages, GenerationParams.sampling(
                    model.defaults(), request.temperature(), request.topP(), request.topK(), request.seed(),
                    request.frequencyPenalty(), request.presencePenalty(), request.logitBias(), model.vocabulary()),
                    maxTokens, Integer.MAX_VALUE, stop, deadline);
            return generation.generate(served, input).thenCompose(s -> {
                CompletionAnswers.cancelOnClose(context, s);
                return answers.chat(served.key().name(), s, stream, usage);
            });
        }));
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull();
    }

    /** The wire's messages: {@code role} and {@code content} (a string, or text parts joined). */
    private static List<ChatMessage> messages(JsonNode messages) {
        if (messages == null || messages.isNull()) {
            throw new InvalidInputException("messages is required");
        }
        if (!messages.isArray()) {
            throw new InvalidInputException("messages must be an array of {role, content} objects");
        }
        List<ChatMessage> out = new ArrayList<>(Math.min(messages.size(), 1024));
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String at = "messages[" + i + "]";
            if (!message.isObject()) {
                throw new InvalidInputException(at + " must be an object with role and content");
            }
            for (Iterator<String> names = message.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!MESSAGE_FIELDS.contains(name)) {
                    throw new InvalidInputException(at + "." + name + " is not supported by this server (a message "
                            + "takes role, content and name)");
                }
            }
            JsonNode role = message.get("role");
            if (role == null || !role.isTextual()) {
                throw new InvalidInputException(at + ".role must be a string");
            }
            out.add(new ChatMessage(role.textValue(), content(message.get("content"), at + ".content")));
            if (out.size() > 1024) {
                break;  // the service refuses the count
            }
        }
        return out;
    }

    private static String content(JsonNode content, String at) {
        if (content == null || content.isNull()) {
            throw new InvalidInputException(at + " is required");
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        if (!content.isArray()) {
            throw new InvalidInputException(at + " must be a string or an array of text parts");
        }
        StringBuilder text = new StringBuilder();
        for (int p = 0; p < content.size(); p++) {
            JsonNode part = content.get(p);
            if (!part.path("type").asText().equals("text") || !part.path("text").isTextual()) {
                throw new InvalidInputException(at + "[" + p + "] must be a text part ({\"type\": \"text\", \"text\": "
                        + "...}); this server reads text only");
            }
            text.append(part.get("text").textValue());
        }
        return text.toString();
    }
}
