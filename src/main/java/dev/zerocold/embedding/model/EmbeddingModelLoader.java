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
 * Serving defaults ({@link #batching}): one input per core at a time, a queue of 2,048 inputs (one
 * full OpenAI request), a 30 s deadline, not cached.
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

    /**
     * One input per core at a time: batches of up to 8 inputs, as many batches at once as cores, each
     * ONNX Runtime run on one thread (unless the model sets {@code intra_op_threads}). The defaults'
     * int8 graphs run every input alone ({@link TextEmbedder#rowsAlone}), and one short sequence
     * spread over two threads spends more on their hand-offs than it gains: on 2 cores this gave
     * 1.6-1.7x the texts/s of one batch at a time on both threads at 32 connections
     * (benchmarks/embeddings/README.md).
     */
    @Override
    public BatchingPolicy batching() {
        return new BatchingPolicy(true, 8, Duration.ZERO, 2048, Duration.ofSeconds(30),
                Runtime.getRuntime().availableProcessors());
    }

    @Override
    public Model<?, ?> load(ModelSource source) throws Exception {
        EmbeddingSettings settings = ModelYaml.settings(source.config(), EmbeddingSettings.class)
                .complete(source.directory());
        TextTokenizer tokenizer = runtime.textTokenizer(settings.tokenizer(), source.directory(), settings.maxLength());
        int threads = settings.intraOpThreads() == null ? 1 : settings.intraOpThreads();
        try {
            OnnxTextEncoder encoder = new OnnxTextEncoder(runtime, runtime.createSession(settings.encoder(),
                    source.directory(), threads), tokenizer, settings.maxLength());
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
