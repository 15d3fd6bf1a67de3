package dev.zerocold.api.v2;

import dev.zerocold.common.InvalidInputException;
import dev.zerocold.image.model.ImageClassifier;
import dev.zerocold.image.model.ImageInput;
import dev.zerocold.image.service.ImageService;
import dev.zerocold.runtime.ClassScores;
import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.TensorSpec;
import dev.zerocold.runtime.inference.Inference;
import dev.zerocold.runtime.serving.ServedModel;
import dev.zerocold.runtime.tensor.DataType;
import dev.zerocold.runtime.tensor.Tensor;
import dev.zerocold.runtime.tensor.TensorAdapter;
import dev.zerocold.runtime.tensor.TensorMetadata;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Image classifiers as tensors. The metadata declares one input, the network's own (its name, FP32,
 * the batch then the item shape the preprocessing makes), so that a generic client that fills every
 * listed input gets an answer. Encoded images (PNG, JPEG… in base64, one per element) are accepted
 * too, as the BYTES input {@code image} ({@code image_bytes} when the network's input is itself
 * called {@code image}), decoded and preprocessed as the model declares; a request sends one of the
 * two. Out: class probabilities and the top label.
 */
@Singleton
public class ImageTensorAdapter implements TensorAdapter {

    private final ImageService images;
    private final Inference inference;

    public ImageTensorAdapter(ImageService images, Inference inference) {
        this.images = images;
        this.inference = inference;
    }

    @Override
    public Task task() {
        return Task.IMAGE;
    }

    @Override
    public TensorMetadata metadata(ServedModel<?, ?> served) {
        ImageClassifier classifier = classifier(served);
        return new TensorMetadata(List.of(classifier.networkInput()), ClassifierTensors.outputs(classifier.labels().size()));
    }

    /** What a request may send: the declared network tensor, or encoded images under their own name. */
    private static TensorMetadata accepted(ImageClassifier classifier) {
        TensorSpec network = classifier.networkInput();
        TensorSpec encoded = new TensorSpec(network.name().equals("image") ? "image_bytes" : "image", "BYTES",
                List.of(-1L));
        return new TensorMetadata(List.of(network, encoded), List.of());
    }

    private static ImageClassifier classifier(ServedModel<?, ?> served) {
        return (ImageClassifier) served.as(ImageClassifier.SIGNATURE).model();
    }

    @Override
    public CompletableFuture<List<Tensor>> infer(ServedModel<?, ?> served, List<Tensor> inputs) {
        ServedModel<ImageInput, ClassScores> typed = served.as(ImageClassifier.SIGNATURE);
        ImageClassifier classifier = classifier(served);
        TensorMetadata accepted = accepted(classifier);
        Map<String, Tensor> given = accepted.check(inputs);
        if (given.size() != 1) {
            throw new InvalidInputException("send exactly one input: '" + accepted.inputs().get(0).name()
                    + "' (the network's tensor) or '" + accepted.inputs().get(1).name() + "' (encoded images)",
                    served.key().name(), served.key().version());
        }
        Tensor tensor = given.values().iterator().next();
        List<ImageInput> items;
        if (tensor.datatype() == DataType.BYTES) {
            items = images.checkedImages(Arrays.asList(tensor.strings()), tensor.name());  // counts them too
        } else {
            inference.checkItems(tensor.rows(), tensor.name());
            items = pixels(tensor, classifier.itemSize());
        }
        int classes = typed.labels().size();
        return images.classify(typed, items, tensor.name()).thenApply(all -> ClassifierTensors.outputs(all, classes));
    }

    /** Splits the network's tensor into its items (not cached: a client's floats rarely repeat). */
    private static List<ImageInput> pixels(Tensor tensor, int itemSize) {
        float[] values = tensor.floats();
        List<ImageInput> out = new ArrayList<>(values.length / Math.max(1, itemSize));
        for (int at = 0; at < values.length; at += itemSize) {
            out.add(new ImageInput.Pixels(Arrays.copyOfRange(values, at, at + itemSize)));
        }
        return out;
    }
}
