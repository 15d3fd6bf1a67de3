package dev.zerocold.generation.model;

import dev.zerocold.generation.GenerationConfig;
import dev.zerocold.generation.model.template.ChatTemplate;
import dev.zerocold.generation.model.template.ChatTemplateException;
import dev.zerocold.runtime.Artifacts;
import dev.zerocold.runtime.Framework;
import dev.zerocold.runtime.Model;
import dev.zerocold.runtime.ModelConfig;
import dev.zerocold.runtime.ModelLoader;
import dev.zerocold.runtime.ModelSource;
import dev.zerocold.runtime.ModelYaml;
import dev.zerocold.runtime.ModelsConfig;
import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.onnx.OnnxDecoder;
import dev.zerocold.runtime.onnx.OnnxRuntime;
import dev.zerocold.runtime.serving.BatchingPolicy;
import dev.zerocold.runtime.serving.GenerationMetrics;
import dev.zerocold.runtime.serving.GenerationScheduler;
import dev.zerocold.runtime.text.DecoderTokenizer;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Duration;

/**
 * Loads generative models ({@code framework: onnx}, {@code task: text-generation}) in the Hugging
 * Face ONNX decoder layout ({@link DecoderSettings}, {@link OnnxDecoder#layout}), each with its own
 * {@link GenerationScheduler} and metrics. The version's inference queue only admits (a request
 * enters the scheduler at once), so its defaults pass everything through: batches of up to 64, no
 * wait, one at a time, a queue of {@code max-waiting}.
 */
@Singleton  // stateless
public class DecoderModelLoader implements ModelLoader {

    private final OnnxRuntime runtime;
    private final GenerationConfig config;
    private final MeterRegistry registry;
    private final int retryAfterSeconds;

    public DecoderModelLoader(OnnxRuntime runtime, GenerationConfig config, MeterRegistry registry, ModelsConfig models) {
        this.runtime = runtime;
        this.config = config;
        this.registry = registry;
        this.retryAfterSeconds = models.retryAfterSeconds();
    }

    @Override
    public boolean supports(ModelConfig model) {
        return model.framework() == Framework.ONNX && model.task() == Task.TEXT_GENERATION;
    }

    @Override
    public BatchingPolicy batching() {
        return new BatchingPolicy(true, 64, Duration.ZERO, Math.max(1, config.maxWaiting()), config.timeout(), 1);
    }

    @Override
    public Model<?, ?> load(ModelSource source) throws Exception {
        DecoderSettings settings = ModelYaml.settings(source.config(), DecoderSettings.class).complete(source.directory());
        ChatTemplate template;
        try {
            template = ChatTemplate.parse(settings.chatTemplate());
        } catch (ChatTemplateException e) {
            throw new IOException("the chat template cannot be used: " + e.getMessage(), e);
        }
        DecoderTokenizer tokenizer = DecoderTokenizer.of(Artifacts.read(settings.tokenizer(), source.directory()));
        try {
            if (tokenizer.idLimit() > settings.vocabulary()) {
                throw new IOException("the tokenizer has " + tokenizer.idLimit() + " tokens, the model "
                        + settings.vocabulary());
            }
            int threads = settings.intraOpThreads() == null ? 0 : settings.intraOpThreads();
            OnnxDecoder decoder = new OnnxDecoder(runtime.environment(), runtime.createSession(settings.decoder(),
                    source.directory(), threads == 0 ? null : threads), settings.vocabulary(), settings.context());
            GenerationScheduler.Limits limits = new GenerationScheduler.Limits(config.maxNumSeqs(),
                    config.kvCacheTokens(), config.maxWaiting(), config.maxPrefillTokens(), config.continuousBatching(),
                    retryAfterSeconds);
            GenerationScheduler scheduler = new GenerationScheduler(source.key(), decoder, limits,
                    new GenerationMetrics(registry, source.key()), System::nanoTime);
            return new TextGenerator(tokenizer, template, settings, scheduler, config.drain());
        } catch (Exception | LinkageError e) {
            tokenizer.close();
            throw e;
        }
    }
}
