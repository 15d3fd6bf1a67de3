package dev.zerocold.image.service;

import dev.zerocold.image.ImageConfig;

import dev.zerocold.image.model.ImageClassifier;
import dev.zerocold.image.model.ImageInput;
import dev.zerocold.image.rest.ImageRequest;
import dev.zerocold.image.rest.ImageResponse;
import dev.zerocold.image.rest.ImageTop;

import dev.zerocold.common.Scores;
import dev.zerocold.common.Latency;
import dev.zerocold.common.InvalidInputException;
import dev.zerocold.common.PayloadTooLargeException;
import dev.zerocold.runtime.ClassScores;
import dev.zerocold.runtime.inference.Inference;
import dev.zerocold.runtime.StartupTimeline;
import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.serving.ServedModel;
import dev.zerocold.runtime.snapshot.Snapshot;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import org.crac.Context;
import org.crac.Resource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Turns image bytes, however they arrived, into top-k predictions of an image model: size check,
 * then the model's served version (through {@link Inference}), where the bytes are the cache key and
 * decoding (pixel budget, EXIF orientation), preprocessing and inference happen in the queue's
 * batch, with other requests' images. For a process snapshot the {@code image_url} fetcher drops its
 * HTTP client and builds a new one after restore ({@link Snapshot}). Stateless and thread-safe.
 */
@ApplicationScoped
@Priority(Snapshot.RESOURCES)
public class ImageService implements Resource {

    private final Inference inference;
    private final StartupTimeline timeline;
    private final ImageConfig config;
    private final ImageFetcher fetcher;

    public ImageService(Inference inference, StartupTimeline timeline, ImageConfig config) {
        this.inference = inference;
        this.timeline = timeline;
        this.config = config;
        ImageConfig.Url url = this.config.url();
        this.fetcher = new ImageFetcher(new ImageFetcher.Policy(url.enabled(), url.allowedHosts().orElse(List.of()),
                url.allowPrivateAddresses(), url.connectTimeout(), url.readTimeout(), url.maxRedirects(),
                this.config.maxBytes().asLongValue()));
    }

    /**
     * Runs a prediction on the calling HTTP I/O thread when that is cheap (an image of at most
     * {@code zerocold.image.io-thread-max-bytes} already in the request: it is only checked and
     * queued there), else on a worker thread ({@code image_url} fetches, larger images). Neither
     * thread waits for the answer.
     *
     * @param imageBytes size of the image in the request, or -1 when it must be fetched first
     */
    public Uni<ImageResponse> dispatch(long imageBytes, Supplier<CompletionStage<ImageResponse>> prediction) {
        Uni<ImageResponse> uni = Uni.createFrom().completionStage(prediction);
        boolean cheap = imageBytes >= 0 && imageBytes <= config.ioThreadMaxBytes().asLongValue();
        return cheap ? uni : uni.runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Size of a JSON request's decoded image (base64 is 4 characters per 3 bytes), or -1 for image_url. */
    public static long imageBytes(ImageRequest request) {
        boolean hasUrl = request.imageUrl() != null && !request.imageUrl().isBlank();
        return hasUrl || request.image() == null ? -1 : request.image().length() * 3L / 4;
    }

    /** A JSON request: base64 image or image_url. */
    public CompletableFuture<ImageResponse> predict(ImageRequest request, long startNanos) {
        boolean hasImage = request.image() != null && !request.image().isBlank();
        boolean hasUrl = request.imageUrl() != null && !request.imageUrl().isBlank();
        if (hasImage == hasUrl) {
            throw new InvalidInputException("send exactly one of image (base64) or image_url");
        }
        byte[] bytes = hasImage ? base64(request.image()) : fetcher.fetch(request.imageUrl());
        return predict(bytes, request.topK(), request.model(), request.version(), request.routingKey(), startNanos);
    }

    /** Raw image bytes; {@code routingKey} (or null) picks a version under a traffic split. */
    public CompletableFuture<ImageResponse> predict(byte[] bytes, Integer topK, String model, String version,
                                                    String routingKey, long startNanos) {
        checkSize(bytes, "the image");
        return inference.serve(Task.IMAGE, ImageClassifier.SIGNATURE, modelName(model), version, routingKey)
                .thenCompose(served -> {
                    int k = topK(topK, served);  // checked before inference, which it would waste
                    return served.submit(new ImageInput.Encoded(bytes)).thenApply(result -> new ImageResponse(
                            top(result, k), served.key().name(), served.key().version(),
                            Latency.millisSince(startNanos), timeline.coldStartFlag()));
                });
    }

    /**
     * Base64 images as model inputs, each within the image byte limit, counted against
     * {@code zerocold.batch.max-items}; {@code field} names them in errors, e.g. {@code images}.
     */
    public List<ImageInput> checkedImages(List<String> base64, String field) {
        inference.checkItems(base64.size(), field);
        List<ImageInput> encoded = new ArrayList<>(base64.size());
        for (int i = 0; i < base64.size(); i++) {
            String what = field + "[" + i + "]";
            String value = base64.get(i);
            if (value == null || value.isBlank()) {
                throw new InvalidInputException(what + " must not be blank");
            }
            byte[] bytes = base64(value, what);
            checkSize(bytes, what);
            encoded.add(new ImageInput.Encoded(bytes));
        }
        return encoded;
    }

    /** Classifies images together with a served model; a bad image fails the future naming it as {@code field[i]}. */
    public CompletableFuture<List<ClassScores>> classify(ServedModel<ImageInput, ClassScores> served,
                                                         List<ImageInput> images, String field) {
        return served.predictAll(images, field);
    }

    /** {@link #classify}, each image answered with its {@code topK} classes (null: the default, checked first). */
    public CompletableFuture<List<ImageTop>> top(ServedModel<ImageInput, ClassScores> served, List<ImageInput> images,
                                                 Integer topK, String field) {
        int k = topK(topK, served);
        return classify(served, images, field).thenApply(all -> all.stream().map(s -> new ImageTop(top(s, k))).toList());
    }

    /** Refuses an empty or oversized image; {@code what} names it in the error, e.g. {@code images[2]}. */
    public void checkSize(byte[] bytes, String what) {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidInputException(what + " is empty");
        }
        if (bytes.length > config.maxBytes().asLongValue()) {
            throw new PayloadTooLargeException(what + " is " + bytes.length + " bytes; at most "
                    + config.maxBytes().asLongValue() + " are accepted");
        }
    }

    /** The number of predictions to return: {@code topK}, or the default capped by the model's classes. */
    public int topK(Integer topK, ServedModel<?, ?> served) {
        int labels = served.labels().size();
        int k = topK == null ? Math.min(config.defaultTopK(), labels) : topK;
        if (k < 1 || k > labels) {
            throw new InvalidInputException("top_k must be between 1 and " + labels,
                    served.key().name(), served.key().version());
        }
        return k;
    }

    /** The model to use when a request names {@code model} (null for the default). */
    public String modelName(String model) {
        return model == null ? config.defaultModel() : model;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        fetcher.suspend();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        fetcher.resume();
    }

    /** Decodes a base64 image (a {@code data:} URL prefix allowed); {@code what} names it in the error. */
    public static byte[] base64(String value, String what) {
        try {
            return base64(value);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(what + " is not valid base64");
        }
    }

    private static byte[] base64(String value) {
        String data = value.strip();
        int comma = data.indexOf(',');
        if (data.startsWith("data:") && comma > 0) {
            data = data.substring(comma + 1);
        }
        try {
            // Line breaks (as MIME writes base64) are allowed; any other character outside the alphabet is not.
            return Base64.getDecoder().decode(data.replaceAll("[\\r\\n]", ""));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("image is not valid base64");
        }
    }

    /** The {@code k} most probable classes, most probable first. */
    public static List<ImageResponse.Prediction> top(ClassScores scores, int k) {
        Integer[] order = new Integer[scores.labels().size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(scores.probabilities()[b], scores.probabilities()[a]));
        List<ImageResponse.Prediction> predictions = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            predictions.add(new ImageResponse.Prediction(scores.labels().get(order[i]),
                    Scores.fourDecimals(scores.probabilities()[order[i]])));
        }
        return predictions;
    }
}
