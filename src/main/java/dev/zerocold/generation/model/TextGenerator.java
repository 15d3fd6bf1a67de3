package dev.zerocold.generation.model;

import dev.zerocold.common.InvalidInputException;
import dev.zerocold.generation.model.template.ChatTemplate;
import dev.zerocold.generation.model.template.ChatTemplateException;
import dev.zerocold.runtime.ItemResult;
import dev.zerocold.runtime.Model;
import dev.zerocold.runtime.Signature;
import dev.zerocold.runtime.serving.GenerationScheduler;
import dev.zerocold.runtime.text.DecoderTokenizer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A generative (decoder-only) language model: a request becomes a prompt (text as given, or chat
 * messages through the model's chat template), its tokens a sequence in the version's
 * {@link GenerationScheduler}, and the answer a {@link GenerationStream} at once, which the
 * scheduler then feeds token by token. {@link #predict} only admits: a request the model cannot take
 * (prompt over the context, token ids outside the vocabulary, a template error) fails alone with a
 * 400, a full scheduler with a 503. Not cached. Thread-safe: the tokenizer and template are
 * immutable, the scheduler takes sequences from any thread.
 */
public final class TextGenerator implements Model<GenerationRequest, GenerationStream> {

    /** Requests in, streams of tokens out; never cached. */
    public static final Signature<GenerationRequest, GenerationStream> SIGNATURE =
            new Signature<>(GenerationRequest.class, GenerationStream.class);

    private final DecoderTokenizer tokenizer;
    private final ChatTemplate template;
    private final DecoderSettings settings;
    private final Set<Long> endOfText;
    private final GenerationScheduler scheduler;
    private final Duration drain;

    /** Takes ownership of the tokenizer and the scheduler (and so of its decoder). */
    public TextGenerator(DecoderTokenizer tokenizer, ChatTemplate template, DecoderSettings settings,
                         GenerationScheduler scheduler, Duration drain) {
        this.tokenizer = tokenizer;
        this.template = template;
        this.settings = settings;
        this.endOfText = Set.copyOf(settings.eosTokenIds());
        this.scheduler = scheduler;
        this.drain = drain;
    }

    @Override
    public Signature<GenerationRequest, GenerationStream> signature() {
        return SIGNATURE;
    }

    /** The longest sequence, prompt and generated tokens, in tokens. */
    public int context() {
        return settings.context();
    }

    /** One past the largest token id. */
    public int vocabulary() {
        return settings.vocabulary();
    }

    /** Sampling when a request says nothing: the model's generation_config.json, else OpenAI's defaults. */
    public SamplingParams defaults() {
        return new SamplingParams(settings.temperature(), settings.topP(), settings.topK(), null, 0, 0, Map.of());
    }

    @Override
    public List<ItemResult<GenerationStream>> predict(List<GenerationRequest> inputs) {
        List<ItemResult<GenerationStream>> results = new ArrayList<>(inputs.size());
        for (GenerationRequest input : inputs) {
            try {
                long[] prompt = prompt(input);
                int room = settings.context() - prompt.length;
                if (room <= 0) {
                    throw new InvalidInputException("the prompt has " + prompt.length + " tokens; the model's context is "
                            + settings.context() + " tokens, prompt and completion together");
                }
                Integer asked = input.maxTokens();
                if (asked != null && asked > room) {
                    throw new InvalidInputException("max_tokens is " + asked + " but only " + room + " tokens are left of "
                            + "the model's context of " + settings.context() + " after the prompt's " + prompt.length);
                }
                GenerationRun run = new GenerationRun(prompt, asked == null ? Math.min(room, input.defaultMaxTokens()) : asked,
                        input.deadlineNanos(),
                        endOfText, input.sampling(), input.stop(), tokenizer);
                scheduler.submit(run);
                results.add(ItemResult.ok(run.stream()));
            } catch (RuntimeException e) {
                results.add(ItemResult.failed(e));
            }
        }
        return results;
    }

    /** The request's prompt as token ids. */
    private long[] prompt(GenerationRequest input) {
        if (input.promptIds() != null) {
            for (long id : input.promptIds()) {
                if (id < 0 || id >= settings.vocabulary()) {
                    throw new InvalidInputException("token id " + id + " is not in the model's vocabulary (0 to "
                            + (settings.vocabulary() - 1) + ")");
                }
            }
            return input.promptIds();
        }
        if (input.messages() != null) {
            return tokenizer.encode(render(input.messages()), false);
        }
        return tokenizer.encode(input.prompt(), true);
    }

    /** The chat as the model's template writes it, the assistant's turn opened. */
    public String render(List<ChatMessage> messages) {
        List<Map<String, Object>> list = new ArrayList<>(messages.size());
        for (ChatMessage message : messages) {
            list.add(Map.of("role", message.role(), "content", message.content()));
        }
        Map<String, Object> variables = new HashMap<>();
        variables.put("messages", list);
        variables.put("add_generation_prompt", true);
        variables.put("bos_token", settings.bosToken());
        variables.put("eos_token", settings.eosToken());
        try {
            return template.render(variables);
        } catch (ChatTemplateException e) {
            throw new InvalidInputException("the model's chat template refused the messages: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        scheduler.close(drain);
        tokenizer.close();
    }
}
