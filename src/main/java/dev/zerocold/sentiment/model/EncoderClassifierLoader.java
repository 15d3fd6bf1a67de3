package dev.zerocold.sentiment.model;

import io.quarkus.runtime.annotations.RegisterForReflection;
import dev.zerocold.runtime.Artifacts;
import dev.zerocold.runtime.Framework;
import dev.zerocold.runtime.LinearHead;
import dev.zerocold.runtime.Model;
import dev.zerocold.runtime.ModelYaml;
import dev.zerocold.runtime.ModelSource;
import dev.zerocold.runtime.onnx.EncoderClassifier;
import dev.zerocold.runtime.onnx.OnnxRuntime;
import dev.zerocold.runtime.onnx.OnnxTextEncoder;
import dev.zerocold.runtime.serving.BatchingPolicy;
import dev.zerocold.runtime.text.WordPieceTokenizer;
import jakarta.inject.Singleton;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;

/**
 * Loads ONNX text classifiers ({@code framework: onnx}, {@code task: sentiment}): a BERT-style
 * encoder and its tokenizer.json (files or {@code classpath:} resources) plus a {@link LinearHead}.
 * Serving defaults: batches of up to 32 texts, one batch at a time (the encoder already uses every
 * core through ONNX Runtime's own threads), no queue delay, predictions cached.
 */
@Singleton  // stateless; no client proxy, so the shared base class needs no no-args constructor
public class EncoderClassifierLoader extends SentimentModelLoader {

    /**
     * The {@code settings} block of such a model.yaml; {@code intra_op_threads} overrides
     * {@code zerocold.onnx.intra-op-threads} for this model.
     */
    @RegisterForReflection  // bound or written by Jackson by reflection, also in a native image
    public record Settings(String encoder, String tokenizer, OnnxTextEncoder.Pooling pooling, Integer maxLength,
                           String head, Integer intraOpThreads) {
        public Settings {
            if (encoder == null || tokenizer == null || head == null || pooling == null) {
                throw new IllegalArgumentException("settings need encoder, tokenizer, pooling and head");
            }
            OnnxRuntime.checkThreads(intraOpThreads);
            maxLength = maxLength == null ? 512 : maxLength;
        }
    }

    private final OnnxRuntime runtime;

    public EncoderClassifierLoader(OnnxRuntime runtime) {
        super(Framework.ONNX);
        this.runtime = runtime;
    }

    @Override
    public BatchingPolicy batching() {
        return new BatchingPolicy(true, 32, Duration.ZERO, 1024, Duration.ofSeconds(10), 1);
    }

    @Override
    public Model<?, ?> load(ModelSource source) throws Exception {
        Settings settings = ModelYaml.settings(source.config(), Settings.class);
        WordPieceTokenizer tokenizer = runtime.tokenizer(settings.tokenizer(), source.directory());
        LinearHead head;
        try (InputStream json = Artifacts.open(settings.head(), source.directory())) {
            head = LinearHead.read(json);
        }
        OnnxTextEncoder encoder = new OnnxTextEncoder(runtime,
                runtime.createSession(settings.encoder(), source.directory(), settings.intraOpThreads()), tokenizer,
                settings.maxLength());
        EncoderClassifier classifier = new EncoderClassifier(encoder, settings.pooling(), head);
        // One prediction now: a head that does not fit the encoder, or a bad max_length, fails the
        // load instead of every request, and ONNX Runtime's first-run setup is not the first caller's.
        classifier.predict(List.of("A first prediction at load time."));
        return classifier;
    }
}
