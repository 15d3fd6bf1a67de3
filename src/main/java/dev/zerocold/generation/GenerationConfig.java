package dev.zerocold.generation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Text generation ({@code zerocold.generation.*}): scheduling bounds and request limits. */
@ConfigMapping(prefix = "zerocold.generation")
public interface GenerationConfig {

    /** The model a request without {@code model} uses. */
    @WithDefault("tinygpt")
    String defaultModel();

    /** Most sequences a model version decodes at once (vLLM's max_num_seqs). */
    @WithDefault("32")
    int maxNumSeqs();

    /**
     * Key/value cache tokens the running sequences of one version may reserve, each its prompt plus its
     * max_tokens; a sequence that does not fit waits. Memory: tokens × the model's bytes a token
     * (tinygpt: 8 KiB, so the default is at most 128 MiB, plus the padding of shorter rows).
     */
    @WithDefault("16384")
    long kvCacheTokens();

    /** Sequences that may wait for a place; one more is refused with 503 and Retry-After. */
    @WithDefault("256")
    int maxWaiting();

    /** Prompt tokens prefilled between two decode steps (at least one prompt), so new prompts do not stall running streams. */
    @WithDefault("512")
    int maxPrefillTokens();

    /** Continuous batching: sequences join the running batch at every step. Off: a batch runs to its end first. */
    @WithDefault("true")
    boolean continuousBatching();

    /** Longest a request may take, waiting and generating; then it fails (504, or an error event when streaming). */
    @WithDefault("120s")
    Duration timeout();

    /** max_tokens of /v1/completions when the request gives none (OpenAI's default). */
    @WithDefault("16")
    int defaultCompletionTokens();

    /** Stop sequences one request may give (OpenAI accepts 4). */
    @WithDefault("4")
    int maxStopSequences();

    /** Longest stop sequence, in characters. */
    @WithDefault("256")
    int maxStopLength();

    /** Messages in one chat request. */
    @WithDefault("256")
    int maxMessages();

    /** Characters of prompt (or of all messages' content) in one request. */
    @WithDefault("262144")
    int maxPromptChars();

    /** How long an unloaded version's running sequences may go on before they are failed. */
    @WithDefault("30s")
    Duration drain();
}
