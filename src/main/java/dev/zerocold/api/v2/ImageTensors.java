package dev.zerocold.api.v2;

import dev.zerocold.api.batch.BatchConfig;
import dev.zerocold.common.InvalidInputException;
import dev.zerocold.image.ImageClassifier;
import dev.zerocold.image.ImageInput;
import dev.zerocold.image.ImageService;
import dev.zerocold.runtime.ModelManager;
import dev.zerocold.runtime.ModelVersion;
import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.TensorSpec;
import dev.zerocold.runtime.serving.Futures;
import dev.zerocold.runtime.serving.InputDigest;
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
    private final ImageService images;
    private final BatchConfig limits;

    public ImageTensors(ModelManager models, ImageService images, BatchConfig limits) {
        this.models = models;
        this.images = images;
        this.limits = limits;
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
                    ClassifierTensors.checkItems(tensor.rows(), tensor.name(), limits.maxItems());
                    List<ImageInput> inputs = new ArrayList<>();
                    List<InputDigest> digests = tensor.datatype() == dev.zerocold.runtime.tensor.DataType.BYTES
                            ? decode(tensor, inputs, served.caches()) : pixels(tensor, classifier.itemSize(), inputs);
                    int classes = served.labels().size();
                    return Futures.inOrder(served.predictAll(inputs, digests), (index, error) ->
                                    error instanceof InvalidInputException invalid ? new InvalidInputException(
                                            tensor.name() + "[" + index + "]: " + invalid.getMessage(),
                                            served.key().name(), served.key().version()) : error)
                            .thenApply(scores -> new Inferred(served.key(), ClassifierTensors.outputs(scores, classes)));
                });
    }

    /** Decodes each base64 image; returns their digests when the version caches. */
    private List<InputDigest> decode(Tensor tensor, List<ImageInput> out, boolean caches) {
        String[] encoded = tensor.strings();
        List<InputDigest> digests = caches ? new ArrayList<>(encoded.length) : null;
        for (int i = 0; i < encoded.length; i++) {
            String what = tensor.name() + "[" + i + "]";
            if (encoded[i].isBlank()) {
                throw new InvalidInputException(what + " must not be blank");
            }
            byte[] bytes = ImageService.base64(encoded[i], what);
            images.checkSize(bytes, what);
            out.add(new ImageInput.Picture(images.decode(bytes, what)));
            if (digests != null) {
                digests.add(InputDigest.of(bytes));
            }
        }
        return digests;
    }

    /** Splits the network's tensor into its items (not cached: a client's floats rarely repeat). */
    private static List<InputDigest> pixels(Tensor tensor, int itemSize, List<ImageInput> out) {
        float[] values = tensor.floats();
        for (int at = 0; at < values.length; at += itemSize) {
            out.add(new ImageInput.Pixels(Arrays.copyOfRange(values, at, at + itemSize)));
        }
        return null;
    }
}
