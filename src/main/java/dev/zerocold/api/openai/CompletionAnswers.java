package dev.zerocold.api.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zerocold.common.OpenAiError;
import dev.zerocold.common.Problem;
import dev.zerocold.common.ZerocoldException;
import dev.zerocold.runtime.serving.Futures;
import org.jboss.logging.Logger;
import dev.zerocold.generation.model.GenerationChunk;
import dev.zerocold.generation.model.GenerationStream;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.resteasy.reactive.RestMulti;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Writes a generation the way OpenAI's API answers: whole, as one JSON object once the last token
 * is in (errors before that are ordinary error responses), or streamed as server-sent events, one
 * {@code data: {...}} chunk per piece of text as the tokens are produced, the last with its
 * {@code finish_reason}, a usage chunk when asked, then {@code data: [DONE]}. An error after the
 * stream started (a timeout, the model unloaded) is sent as a {@code data: {"error": ...}} event
 * before {@code [DONE]}. Cancelling the response (the client went away) cancels the generation.
 */
@ApplicationScoped
public class CompletionAnswers {

    private static final Map<String, List<String>> JSON = Map.of("Content-Type", List.of("application/json"));
    private static final Map<String, List<String>> EVENTS = Map.of("Content-Type", List.of("text/event-stream"),
            "Cache-Control", List.of("no-cache"), "X-Accel-Buffering", List.of("no"));

    private static final Logger LOG = Logger.getLogger(CompletionAnswers.class);

    private final ObjectMapper mapper;

    public CompletionAnswers(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The response body and headers of one request. */
    public record Answer(Multi<String> body, Map<String, List<String>> headers) {
    }

    /** The HTTP answer for a generation that is being started. */
    public RestMulti<String> respond(CompletionStage<Answer> answer) {
        return RestMulti.fromUniResponse(Uni.createFrom().completionStage(answer), Answer::body, Answer::headers, a -> 200);
    }

    /**
     * Cancels the generation when the client's connection ends before the generation does: a stream
     * cancels itself when its subscription is cancelled, but a client that leaves before the answer
     * starts, or while a whole answer is being generated, has no subscription to cancel.
     */
    public static void cancelOnClose(RoutingContext context, GenerationStream stream) {
        context.addEndHandler(ended -> stream.cancel());
        if (context.response().closed()) {
            stream.cancel();
        }
    }

    /** A {@code /v1/completions} answer. */
    public CompletionStage<Answer> completion(String model, GenerationStream stream, boolean streaming,
                                              boolean includeUsage) {
        String id = "cmpl-" + UUID.randomUUID();
        long created = Instant.now().getEpochSecond();
        if (!streaming) {
            return whole(stream, chunks -> {
                GenerationChunk last = chunks.get(chunks.size() - 1);
                return new CompletionChunks.Completion(id, "text_completion", created, model,
                        List.of(new CompletionChunks.TextChoice(0, GenerationStream.text(chunks), null, last.finishReason())),
                        CompletionChunks.Usage.of(last.promptTokens(), last.completionTokens()));
            });
        }
        Function<GenerationChunk, Multi<Object>> events = chunk -> {
            Object piece = new CompletionChunks.Completion(id, "text_completion", created, model,
                    List.of(new CompletionChunks.TextChoice(0, chunk.text(), null, chunk.finishReason())), null);
            return Multi.createFrom().items(chunk.last() && includeUsage
                    ? new Object[] {piece, usage(id, created, model, chunk, false)} : new Object[] {piece});
        };
        return streamed(stream.chunks().onItem().transformToMultiAndConcatenate(events));
    }

    /** A {@code /v1/chat/completions} answer. */
    public CompletionStage<Answer> chat(String model, GenerationStream stream, boolean streaming, boolean includeUsage) {
        String id = "chatcmpl-" + UUID.randomUUID();
        long created = Instant.now().getEpochSecond();
        if (!streaming) {
            return whole(stream, chunks -> {
                GenerationChunk last = chunks.get(chunks.size() - 1);
                return new CompletionChunks.Chat(id, "chat.completion", created, model, List.of(new CompletionChunks.ChatChoice(
                        0, new CompletionChunks.Message("assistant", GenerationStream.text(chunks)), null, null, last.finishReason())),
                        CompletionChunks.Usage.of(last.promptTokens(), last.completionTokens()));
            });
        }
        Object first = chatChunk(id, created, model, new CompletionChunks.Message("assistant", ""), null);
        Function<GenerationChunk, Multi<Object>> events = chunk -> {
            if (!chunk.last()) {
                return Multi.createFrom().item(chatChunk(id, created, model, new CompletionChunks.Message(null, chunk.text()), null));
            }
            Object end = chatChunk(id, created, model, new CompletionChunks.Message(null, null), chunk.finishReason());
            Object[] items = chunk.text().isEmpty()
                    ? new Object[] {end}
                    : new Object[] {chatChunk(id, created, model, new CompletionChunks.Message(null, chunk.text()), null), end};
            if (includeUsage) {
                items = java.util.Arrays.copyOf(items, items.length + 1);
                items[items.length - 1] = usage(id, created, model, chunk, true);
            }
            return Multi.createFrom().items(items);
        };
        return streamed(Multi.createBy().concatenating().streams(Multi.createFrom().item(first),
                stream.chunks().onItem().transformToMultiAndConcatenate(events)));
    }

    private static Object chatChunk(String id, long created, String model, CompletionChunks.Message delta, String finish) {
        return new CompletionChunks.Chat(id, "chat.completion.chunk", created, model,
                List.of(new CompletionChunks.ChatChoice(0, null, delta, null, finish)), null);
    }

    private static Object usage(String id, long created, String model, GenerationChunk last, boolean chat) {
        CompletionChunks.Usage usage = CompletionChunks.Usage.of(last.promptTokens(), last.completionTokens());
        return chat ? new CompletionChunks.Chat(id, "chat.completion.chunk", created, model, List.of(), usage)
                : new CompletionChunks.Completion(id, "text_completion", created, model, List.of(), usage);
    }

    private CompletionStage<Answer> whole(GenerationStream stream, Function<List<GenerationChunk>, Object> answer) {
        return stream.whole().thenApply(chunks -> new Answer(Multi.createFrom().item(json(answer.apply(chunks))), JSON));
    }

    private CompletionStage<Answer> streamed(Multi<Object> pieces) {
        Multi<String> events = pieces.map(piece -> "data: " + json(piece) + "\n\n")
                .onFailure().recoverWithMulti(error -> Multi.createFrom().item(
                        "data: " + json(error(error)) + "\n\n"))
                .onCompletion().continueWith("data: [DONE]\n\n");
        return CompletableFuture.completedFuture(new Answer(events, EVENTS));
    }

    /** An error after the stream started, as the event that ends it. */
    private static OpenAiError error(Throwable failure) {
        Throwable cause = Futures.unwrap(failure);
        if (cause instanceof ZerocoldException z) {
            return OpenAiError.of(Problem.of(z.slug(), z.title(), z.status(), z.getMessage(), null));
        }
        LOG.errorf(cause, "a generation failed after its stream started");
        return OpenAiError.of(Problem.of("internal-error", "Internal server error", 500,
                "the generation failed; the server's log has the cause", null));
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write " + value.getClass().getSimpleName(), e);
        }
    }
}
