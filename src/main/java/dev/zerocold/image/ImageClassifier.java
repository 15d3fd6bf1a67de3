package dev.zerocold.image;

import dev.zerocold.runtime.ClassScores;
import dev.zerocold.runtime.ItemResult;
import dev.zerocold.runtime.Model;
import dev.zerocold.runtime.Signature;
import dev.zerocold.runtime.onnx.OnnxFloatModel;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * An image classifier: the model's declared preprocessing, then an ONNX network, then softmax when
 * the network outputs logits. Thread-safe (the preprocessor and the ONNX session are).
 */
public final class ImageClassifier implements Model<BufferedImage, ClassScores> {

    private final ImagePreprocessor preprocessor;
    private final OnnxFloatModel network;
    private final List<String> labels;
    private final boolean logits;
    private final long[] itemShape;

    public ImageClassifier(ImagePreprocessor preprocessor, OnnxFloatModel network, List<String> labels, boolean logits) {
        this.preprocessor = preprocessor;
        this.network = network;
        this.labels = List.copyOf(labels);
        this.logits = logits;
        ImagePreprocessing spec = preprocessor.spec();
        this.itemShape = spec.layout() == ImagePreprocessing.Layout.NCHW
                ? new long[] {spec.channels(), spec.height(), spec.width()}
                : new long[] {spec.height(), spec.width(), spec.channels()};
    }

    @Override
    public Signature<BufferedImage, ClassScores> signature() {
        return Signature.IMAGE_CLASSIFIER;
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    @Override
    public List<ItemResult<ClassScores>> predict(List<BufferedImage> images) {
        int size = preprocessor.tensorSize();
        float[] batch = new float[images.size() * size];
        for (int i = 0; i < images.size(); i++) {
            preprocessor.writeTo(images.get(i), batch, i * size);
        }
        float[][] rows = network.run(batch, images.size(), itemShape);
        List<ItemResult<ClassScores>> scores = new ArrayList<>(rows.length);
        for (float[] row : rows) {
            if (row.length != labels.size()) {
                throw new IllegalStateException("model returned " + row.length + " scores for " + labels.size() + " labels");
            }
            scores.add(ItemResult.ok(new ClassScores(labels, logits ? ClassScores.softmax(row) : row)));
        }
        return scores;
    }

    @Override
    public void close() {
        network.close();
    }
}
