package dev.zerocold.image.model;

import dev.zerocold.runtime.ClassScores;
import dev.zerocold.runtime.ItemResult;
import dev.zerocold.runtime.Model;
import dev.zerocold.runtime.Signature;
import dev.zerocold.runtime.serving.InputDigest;
import dev.zerocold.runtime.TensorSpec;
import dev.zerocold.runtime.onnx.OnnxFloatModel;

import java.util.ArrayList;
import java.util.List;

/**
 * An image classifier: decoding (within the server's pixel budget), the model's declared
 * preprocessing, then an ONNX network, then softmax when the network outputs logits. An image that
 * cannot be decoded fails alone. Thread-safe (the decoder, the preprocessor and the ONNX session are).
 */
public final class ImageClassifier implements Model<ImageInput, ClassScores> {

    /** Images (encoded, decoded, or as the network's tensor) in, class probabilities out; encoded images are cached by their bytes. */
    public static final Signature<ImageInput, ClassScores> SIGNATURE = new Signature<>(ImageInput.class, ClassScores.class,
            input -> input instanceof ImageInput.Encoded encoded ? InputDigest.of(encoded.bytes()) : null);

    private final ImageDecoder decoder;
    private final ImagePreprocessor preprocessor;
    private final OnnxFloatModel network;
    private final List<String> labels;
    private final boolean logits;
    private final long[] itemShape;
    private final TensorSpec networkInput;

    public ImageClassifier(ImageDecoder decoder, ImagePreprocessor preprocessor, OnnxFloatModel network,
                           List<String> labels, boolean logits) {
        this.decoder = decoder;
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
        List<ItemResult<ClassScores>> results = new ArrayList<>(images.size());
        float[] batch = new float[images.size() * size];
        int rows = 0;
        for (ImageInput input : images) {
            try {
                write(input, batch, rows * size, size);
                rows++;
                results.add(null);
            } catch (ImageRejectedException e) {
                results.add(ItemResult.failed(e.toProblem()));
            }
        }
        if (rows == 0) {
            return results;
        }
        float[][] scores = network.run(rows == images.size() ? batch : java.util.Arrays.copyOf(batch, rows * size),
                rows, itemShape);
        int row = 0;
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) == null) {
                float[] one = scores[row++];
                if (one.length != labels.size()) {
                    throw new IllegalStateException("model returned " + one.length + " scores for " + labels.size()
                            + " labels");
                }
                results.set(i, ItemResult.ok(new ClassScores(labels, logits ? ClassScores.softmax(one) : one)));
            }
        }
        return results;
    }

    private void write(ImageInput input, float[] batch, int offset, int size) {
        if (input instanceof ImageInput.Encoded encoded) {
            preprocessor.writeTo(decoder.decode(encoded.bytes()), batch, offset);
        } else if (input instanceof ImageInput.Picture picture) {
            preprocessor.writeTo(picture.image(), batch, offset);
        } else if (input instanceof ImageInput.Pixels pixels && pixels.values().length == size) {
            System.arraycopy(pixels.values(), 0, batch, offset, size);
        } else {
            throw new IllegalArgumentException("an image tensor needs " + size + " values");
        }
    }

    @Override
    public void close() {
        network.close();
    }
}
