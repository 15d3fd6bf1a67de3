package dev.zerocold.embedding.model;

import dev.zerocold.runtime.Framework;
import dev.zerocold.runtime.Model;
import dev.zerocold.runtime.ModelConfig;
import dev.zerocold.runtime.ModelLoader;
import dev.zerocold.runtime.ModelSource;
import dev.zerocold.runtime.ModelYaml;
import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.onnx.OnnxRuntime;
import dev.zerocold.runtime.onnx.OnnxTextEncoder;
import dev.zerocold.runtime.serving.BatchingPolicy;
import dev.zerocold.runtime.text.TextTokenizer;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * Loads sentence-embedding models ({@code framework: onnx}, {@code task: embedding}): an ONNX
 * encoder, its {@code tokenizer.json}, its pooling and normalisation ({@link EmbeddingSettings}).
 * Serving defaults: batches of up to 32 inputs, one batch at a time (the encoder already uses every
 * core), a queue of 2,048 inputs (one full OpenAI request), not cached.
 */
@Singleton  // stateless
public class EmbeddingModelLoader implements ModelLoader {

    private final OnnxRuntime runtime;

    public EmbeddingModelLoader(OnnxRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public boolean supports(ModelConfig config) {
        return config.framework() == Framework.ONNX && config.task() == Task.EMBEDDING;
    }

    @Override
    public BatchingPolicy batching() {
        return new BatchingPolicy(true, 32, Duration.ZERO, 2048, Duration.ofSeconds(30), 1);
    }

    @Override
    public Model<?, ?> load(ModelSource source) throws Exception {
        EmbeddingSettings settings = ModelYaml.settings(source.config(), EmbeddingSettings.class)
                .complete(source.directory());
        TextTokenizer tokenizer = runtime.textTokenizer(settings.tokenizer(), source.directory(), settings.maxLength());
        try {
            OnnxTextEncoder encoder = new OnnxTextEncoder(runtime, runtime.createSession(settings.encoder(),
                    source.directory(), settings.intraOpThreads()), tokenizer, settings.maxLength());
            try {
                return new TextEmbedder(encoder, tokenizer, settings.pooling(), settings.normalize());
            } catch (RuntimeException e) {
                encoder.close();
                throw e;
            }
        } catch (Exception e) {
            tokenizer.close();
            throw e;
        }
    }
}
