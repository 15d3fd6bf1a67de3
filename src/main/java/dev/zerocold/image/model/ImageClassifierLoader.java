package dev.zerocold.image.model;

import dev.zerocold.image.ImageConfig;

import io.quarkus.runtime.annotations.RegisterForReflection;
import dev.zerocold.runtime.Framework;
import dev.zerocold.runtime.Model;
import dev.zerocold.runtime.ModelConfig;
import dev.zerocold.runtime.ModelLoader;
import dev.zerocold.runtime.ModelYaml;
import dev.zerocold.runtime.ModelSource;
import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.onnx.OnnxFloatModel;
import dev.zerocold.runtime.onnx.OnnxRuntime;
import dev.zerocold.runtime.serving.BatchingPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.List;

/**
 * Loads ONNX image classifiers ({@code framework: onnx}, {@code task: image}): any network with one
 * float input whose preprocessing the model.yaml declares, so a user's own classifier needs no code.
 * Serving defaults: batches of up to 32 images, two at a time (with {@code intra_op_threads: 1} each
 * batch uses one core), no queue delay; no cache (images rarely repeat byte for byte).
 */
@ApplicationScoped
public class ImageClassifierLoader implements ModelLoader {

    /**
     * The {@code settings} block of an image model's model.yaml. {@code intra_op_threads} overrides
     * {@code zerocold.onnx.intra-op-threads} for this model: 1 suits a small network, whose requests
     * are better spread over the cores than each split across them.
     */
    @RegisterForReflection  // bound or written by Jackson by reflection, also in a native image
    public record Settings(String artifact, String output, ImagePreprocessing preprocessing, Integer intraOpThreads) {
        public Settings {
            if (artifact == null || preprocessing == null) {
                throw new IllegalArgumentException("settings need artifact and preprocessing");
            }
            OnnxRuntime.checkThreads(intraOpThreads);
            output = output == null ? "logits" : output;
            if (!output.equals("logits") && !output.equals("probabilities")) {
                throw new IllegalArgumentException("settings.output must be logits or probabilities");
            }
        }
    }

    private final OnnxRuntime runtime;
    private final ImageDecoder decoder;

    @Inject
    public ImageClassifierLoader(OnnxRuntime runtime, ImageConfig config) {
        this(runtime, config.maxPixels());
    }

    /** A loader whose models decode images of at most {@code maxPixels}. */
    public ImageClassifierLoader(OnnxRuntime runtime, long maxPixels) {
        this.runtime = runtime;
        this.decoder = new ImageDecoder(maxPixels);
    }

    @Override
    public boolean supports(ModelConfig config) {
        return config.framework() == Framework.ONNX && config.task() == Task.IMAGE;
    }

    @Override
    public BatchingPolicy batching() {
        return new BatchingPolicy(true, 32, Duration.ZERO, 1024, Duration.ofSeconds(10), 2);
    }

    @Override
    public Model<?, ?> load(ModelSource source) throws Exception {
        Settings settings = ModelYaml.settings(source.config(), Settings.class);
        List<String> labels = source.config().labels(source.directory());
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("an image model needs labels or labels_file");
        }
        ImagePreprocessor preprocessor = new ImagePreprocessor(settings.preprocessing().validate());
        OnnxFloatModel network = new OnnxFloatModel(runtime,
                runtime.createSession(settings.artifact(), source.directory(), settings.intraOpThreads()));
        ImageClassifier classifier = new ImageClassifier(decoder, preprocessor, network, labels, settings.output().equals("logits"));
        // One prediction now, on a blank image: a network whose output does not match its labels
        // fails the load instead of every request, and ONNX Runtime's first-run setup happens here.
        ImagePreprocessing spec = settings.preprocessing();
        classifier.predict(List.of(new ImageInput.Picture(
                new BufferedImage(spec.width(), spec.height(), BufferedImage.TYPE_INT_RGB))));
        return classifier;
    }
}
