package dev.zerocold.generation.service;

import dev.zerocold.common.InvalidInputException;
import dev.zerocold.common.Texts;
import dev.zerocold.generation.GenerationConfig;
import dev.zerocold.generation.model.ChatMessage;
import dev.zerocold.generation.model.GenerationRequest;
import dev.zerocold.generation.model.GenerationStream;
import dev.zerocold.generation.model.TextGenerator;
import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.inference.Inference;
import dev.zerocold.runtime.serving.ServedModel;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Text generation for every protocol ({@code /v1/completions}, {@code /v1/chat/completions}):
 * checks prompts, messages and stop strings against the feature's limits, resolves the model once
 * through {@link Inference}, and submits the request to the version, whose scheduler streams its
 * tokens. Nothing here blocks. Stateless and thread-safe.
 */
@ApplicationScoped
public class GenerationService {

    /** The roles a chat may use; {@code developer} is OpenAI's newer name for {@code system}. */
    public static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant");

    private final Inference inference;
    private final GenerationConfig config;

    public GenerationService(Inference inference, GenerationConfig config) {
        this.inference = inference;
        this.config = config;
    }

    /** The served version of a generative model ({@code model} null: the configured default). */
    public CompletableFuture<ServedModel<GenerationRequest, GenerationStream>> serve(String model, String routingKey) {
        return inference.serve(Task.TEXT_GENERATION, TextGenerator.SIGNATURE, model == null ? config.defaultModel() : model,
                null, routingKey);
    }

    /** The loaded model of a served generative version (its context, vocabulary, default sampling). */
    public static TextGenerator generator(ServedModel<GenerationRequest, GenerationStream> served) {
        return (TextGenerator) served.model();  // the only Model of TextGenerator's signature
    }

    /** Starts a generation: its stream once the version has admitted it (a 400 or 503 otherwise). */
    public CompletableFuture<GenerationStream> generate(ServedModel<GenerationRequest, GenerationStream> served,
                                                        GenerationRequest request) {
        return served.submit(request);
    }

    /** The deadline of a request arriving now ({@code zerocold.generation.timeout}). */
    public long deadline() {
        return System.nanoTime() + config.timeout().toNanos();
    }

    /** max_tokens of a completion that gives none. */
    public int defaultCompletionTokens() {
        return config.defaultCompletionTokens();
    }

    /** A prompt: not blank, well-formed, at most {@code zerocold.generation.max-prompt-chars}. */
    public String checkedPrompt(String prompt, String field) {
        return Texts.checked(prompt, field, config.maxPromptChars(), "zerocold.generation.max-prompt-chars");
    }

    /** Chat messages: at least one, at most {@code max-messages}, known roles, content within the prompt limit. */
    public List<ChatMessage> checkedMessages(List<ChatMessage> messages) {
        if (messages.isEmpty()) {
            throw new InvalidInputException("messages must not be empty");
        }
        if (messages.size() > config.maxMessages()) {
            throw new InvalidInputException(messages.size() + " messages; at most " + config.maxMessages()
                    + " are accepted (zerocold.generation.max-messages)");
        }
        long chars = 0;
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            if (!ROLES.contains(message.role())) {
                throw new InvalidInputException("messages[" + i + "].role must be one of system, developer, user or "
                        + "assistant, not '" + message.role() + "'");
            }
            if (!Texts.isWellFormed(message.content())) {
                throw new InvalidInputException("messages[" + i + "].content contains an unpaired surrogate "
                        + "(not valid Unicode)");
            }
            chars += message.content().length();
        }
        if (chars > config.maxPromptChars()) {
            throw new InvalidInputException("the messages hold " + chars + " characters; at most "
                    + config.maxPromptChars() + " are accepted (zerocold.generation.max-prompt-chars)");
        }
        if (messages.stream().allMatch(m -> Texts.isBlank(m.content()))) {
            throw new InvalidInputException("messages must not all be blank");
        }
        return messages.stream().map(m -> m.role().equals("developer") ? new ChatMessage("system", m.content()) : m)
                .toList();
    }

    /** Stop strings: at most {@code max-stop-sequences}, each non-empty and at most {@code max-stop-length}. */
    public List<String> checkedStop(List<String> stop) {
        if (stop.size() > config.maxStopSequences()) {
            throw new InvalidInputException("stop has " + stop.size() + " sequences; at most " + config.maxStopSequences()
                    + " are accepted (zerocold.generation.max-stop-sequences)");
        }
        for (int i = 0; i < stop.size(); i++) {
            String s = stop.get(i);
            if (s.isEmpty()) {
                throw new InvalidInputException("stop[" + i + "] must not be empty");
            }
            if (s.length() > config.maxStopLength()) {
                throw new InvalidInputException("stop[" + i + "] is " + s.length() + " characters; at most "
                        + config.maxStopLength() + " are accepted (zerocold.generation.max-stop-length)");
            }
            if (!Texts.isWellFormed(s)) {
                throw new InvalidInputException("stop[" + i + "] contains an unpaired surrogate (not valid Unicode)");
            }
        }
        return stop;
    }
}
