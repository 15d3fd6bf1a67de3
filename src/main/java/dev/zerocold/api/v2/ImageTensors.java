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
 * Image classifiers as tensors. Two inputs, of which a request sends exactly one: {@code image}
 * BYTES [N], each element an encoded image (PNG, JPEG…) in base64, preprocessed as the model
 * declares; or the network's own input (its name, FP32, its shape from the loaded network),
 * already preprocessed by the client. Out: class probabilities and the top label.
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

    private static TensorFace face(ImageClassifier classifier) {
        TensorSpec network = classifier.networkInput();
        return new TensorFace(List.of(new TensorSpec(bytesInput(network), "BYTES", List.of(-1L)), network),
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
                    TensorFace face = face(classifier);
                    Map<String, Tensor> given = face.check(call.inputs());
                    if (given.size() != 1) {
                        throw new InvalidInputException("send exactly one input: '" + face.inputs().get(0).name()
                                + "' (encoded images) or '" + face.inputs().get(1).name() + "' (the network's tensor)",
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
