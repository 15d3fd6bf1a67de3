package dev.zerocold.image;

import dev.zerocold.runtime.ClassScores;
import dev.zerocold.runtime.ItemResult;
import dev.zerocold.runtime.Model;
import dev.zerocold.runtime.Signature;
import dev.zerocold.runtime.TensorSpec;
import dev.zerocold.runtime.onnx.OnnxFloatModel;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * An image classifier: the model's declared preprocessing, then an ONNX network, then softmax when
 * the network outputs logits. Thread-safe (the preprocessor and the ONNX session are).
 */
public final class ImageClassifier implements Model<ImageInput, ClassScores> {

    /** Images (decoded, or as the network's tensor) in, class probabilities out. */
    public static final Signature<ImageInput, ClassScores> SIGNATURE = new Signature<>(ImageInput.class, ClassScores.class);

    private final ImagePreprocessor preprocessor;
    private final OnnxFloatModel network;
    private final List<String> labels;
    private final boolean logits;
    private final long[] itemShape;
    private final TensorSpec networkInput;

    public ImageClassifier(ImagePreprocessor preprocessor, OnnxFloatModel network, List<String> labels, boolean logits) {
        this.preprocessor = preprocessor;
        this.network = network;
        this.labels = List.copyOf(labels);
        this.logits = logits;
        ImagePreprocessing spec = preprocessor.spec();
        this.itemShape = spec.layout() == ImagePreprocessing.Layout.NCHW
                ? new long[] {spec.channels(), spec.height(), spec.width()}
                : new long[] {spec.height(), spec.width(), spec.channels()};
        long[] declared = network.inputShape();
        boolean fits = declared.length == itemShape.length + 1;
        for (int i = 0; fits && i < itemShape.length; i++) {
            fits = declared[i + 1] < 0 || declared[i + 1] == itemShape[i];
        }
        if (!fits) {
            throw new IllegalArgumentException("the network takes " + java.util.Arrays.toString(declared)
                    + " but the preprocessing makes items of " + java.util.Arrays.toString(itemShape));
        }
        List<Long> shape = new ArrayList<>(itemShape.length + 1);
        shape.add(-1L);
        for (long dim : itemShape) {
            shape.add(dim);
        }
        this.networkInput = new TensorSpec(network.inputName(), "FP32", List.copyOf(shape));
    }

    @Override
    public Signature<ImageInput, ClassScores> signature() {
        return SIGNATURE;
    }

    /**
     * The network's input as clients may send it directly: its own name and datatype, the batch as
     * the first dimension, then the item shape the preprocessing produces.
     */
    public TensorSpec networkInput() {
        return networkInput;
    }

    /** The number of values in one item of the network's input. */
    public int itemSize() {
        return preprocessor.tensorSize();
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    @Override
    public List<ItemResult<ClassScores>> predict(List<ImageInput> images) {
        int size = preprocessor.tensorSize();
        float[] batch = new float[images.size() * size];
        for (int i = 0; i < images.size(); i++) {
            ImageInput input = images.get(i);
            if (input instanceof ImageInput.Picture picture) {
                preprocessor.writeTo(picture.image(), batch, i * size);
            } else if (input instanceof ImageInput.Pixels pixels && pixels.values().length == size) {
                System.arraycopy(pixels.values(), 0, batch, i * size, size);
            } else {
                throw new IllegalArgumentException("an image tensor needs " + size + " values");
            }
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
