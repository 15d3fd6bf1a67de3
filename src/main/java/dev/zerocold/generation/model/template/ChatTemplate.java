package dev.zerocold.generation.model.template;

import dev.zerocold.generation.model.template.Node.Stmt;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model's chat template (the {@code chat_template} of its {@code tokenizer_config.json}): the subset of the Jinja
 * template language such templates use, parsed once and rendered with {@code messages}, {@code add_generation_prompt},
 * {@code bos_token}, {@code eos_token} and any other variables into the prompt string. Rendering behaves as an
 * environment with {@code trim_blocks} and {@code lstrip_blocks} on, and is bounded in output length and loop
 * iterations. Instances are immutable and thread-safe.
 */
public final class ChatTemplate {

    public static final int DEFAULT_MAX_OUTPUT_CHARS = Limits.DEFAULT.maxOutputChars();
    public static final int DEFAULT_MAX_LOOP_ITERATIONS = Limits.DEFAULT.maxIterations();

    private final List<Stmt> body;
    private final Limits limits;
    private final Clock clock;

    private ChatTemplate(List<Stmt> body, Limits limits, Clock clock) {
        this.body = body;
        this.limits = limits;
        this.clock = clock;
    }

    /** Parses once (throws ChatTemplateException with a clear message on a syntax error or an unsupported construct). */
    public static ChatTemplate parse(String source) {
        return parse(source, DEFAULT_MAX_OUTPUT_CHARS, DEFAULT_MAX_LOOP_ITERATIONS);
    }

    /** As {@link #parse(String)}, with the longest output and the most loop iterations one render may produce. */
    public static ChatTemplate parse(String source, int maxOutputChars, int maxLoopIterations) {
        Objects.requireNonNull(source, "source");
        Limits limits = new Limits(maxOutputChars, maxLoopIterations);
        try {
            return new ChatTemplate(List.copyOf(Parser.parse(source)), limits, Clock.systemDefaultZone());
        } catch (StackOverflowError e) {
            throw new ChatTemplateException("template nested too deeply");
        }
    }

    /** The same template, with {@code strftime_now} reading this clock. */
    public ChatTemplate withClock(Clock clock) {
        return new ChatTemplate(body, limits, Objects.requireNonNull(clock, "clock"));
    }

    /**
     * Renders with these variables: messages (List&lt;Map&lt;String,Object&gt;&gt; with "role", "content"),
     * add_generation_prompt (Boolean), bos_token, eos_token (String), plus any extra.
     */
    public String render(Map<String, Object> variables) {
        Objects.requireNonNull(variables, "variables");
        try {
            return new Renderer(variables, limits, ZonedDateTime.now(clock)).render(body);
        } catch (ChatTemplateException e) {
            throw e;
        } catch (StackOverflowError e) {
            throw new ChatTemplateException("template input nested too deeply");
        } catch (RuntimeException e) {
            throw new ChatTemplateException("error rendering the template: " + e, e);
        }
    }
}
