package dev.zerocold.api.v2;

import dev.zerocold.api.batch.BatchService;
import dev.zerocold.runtime.ClassScores;
import dev.zerocold.runtime.tensor.DataType;
import dev.zerocold.common.InvalidInputException;
import dev.zerocold.image.ImageClassifier;
import dev.zerocold.image.ImageInput;
import dev.zerocold.runtime.ModelManager;
import dev.zerocold.runtime.ModelVersion;
import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.TensorSpec;
import dev.zerocold.runtime.tensor.TaskTensors;
import dev.zerocold.runtime.tensor.Tensor;
import dev.zerocold.runtime.tensor.TensorFace;
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
 * called {@code image}), preprocessed as the model declares; a request sends one of the two.
 * Out: class probabilities and the top label.
 */
@Singleton
public class ImageTensors implements TaskTensors {

    private final ModelManager models;
    private final BatchService batch;

    public ImageTensors(ModelManager models, BatchService batch) {
        this.models = models;
        this.batch = batch;
    }

    @Override
    public Task task() {
        return Task.IMAGE;
    }

    @Override
    public TensorFace face(ModelVersion version) {
        return face(classifier(version));
    }

    /** What the metadata declares: the network's tensor in, the classifier's outputs out. */
    private static TensorFace face(ImageClassifier classifier) {
        return new TensorFace(List.of(classifier.networkInput()), ClassifierTensors.outputs(classifier.labels().size()));
    }

    /** What a request may send: the declared network tensor, or encoded images under their own name. */
    private static TensorFace accepted(ImageClassifier classifier) {
        TensorSpec network = classifier.networkInput();
        return new TensorFace(List.of(network, new TensorSpec(bytesInput(network), "BYTES", List.of(-1L))),
                ClassifierTensors.outputs(classifier.labels().size()));
    }

    /** The encoded-image input's name: {@code image}, unless the network's own input is called so. */
    private static String bytesInput(TensorSpec network) {
        return network.name().equals("image") ? "image_bytes" : "image";
    }

    private static ImageClassifier classifier(ModelVersion version) {
        return version.model(ImageClassifier.class)
                .orElseThrow(() -> new IllegalStateException(version.key() + " is not a READY image classifier"));
    }

    @Override
    public CompletableFuture<Inferred> infer(Call call) {
        return models.serve(Task.IMAGE, ImageClassifier.SIGNATURE, call.model(), call.version(), call.routingKey())
                .thenCompose(served -> {
                    ImageClassifier classifier = classifier(models.find(served.key().name(), served.key().version()));
                    TensorFace face = accepted(classifier);
                    Map<String, Tensor> given = face.check(call.inputs());
                    if (given.size() != 1) {
                        throw new InvalidInputException("send exactly one input: '" + face.inputs().get(0).name()
                                + "' (the network's tensor) or '" + face.inputs().get(1).name() + "' (encoded images)",
                                served.key().name(), served.key().version());
                    }
                    Tensor tensor = given.values().iterator().next();
                    batch.checkCount(tensor.rows(), tensor.name());
                    CompletableFuture<List<ClassScores>> scores = tensor.datatype() == DataType.BYTES
                            ? batch.scoreImages(served, batch.checkedImages(Arrays.asList(tensor.strings()), tensor.name()),
                            tensor.name())
                            : batch.scores(served, pixels(tensor, classifier.itemSize()), null, tensor.name());
                    int classes = served.labels().size();
                    return scores.thenApply(all -> new Inferred(served.key(), ClassifierTensors.outputs(all, classes)));
                });
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
