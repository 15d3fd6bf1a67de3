package dev.zerocold.image;

import dev.zerocold.common.Scores;
import dev.zerocold.common.Latency;
import dev.zerocold.common.InvalidInputException;
import dev.zerocold.common.PayloadTooLargeException;
import dev.zerocold.runtime.ClassScores;
import dev.zerocold.runtime.ModelManager;
import dev.zerocold.runtime.StartupTimeline;
import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.serving.Futures;
import dev.zerocold.runtime.serving.InputDigest;
import dev.zerocold.runtime.serving.ServedModel;
import dev.zerocold.runtime.snapshot.Snapshot;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import org.crac.Context;
import org.crac.Resource;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Turns image bytes, however they arrived, into top-k predictions of an image model: size check,
 * safe decoding (pixel budget, EXIF orientation), then the model's queue (preprocessing and
 * inference, batched with other requests' images). When the version caches, the encoded bytes are
 * the key and a hit skips decoding. For a process snapshot the {@code image_url} fetcher drops its
 * HTTP client and builds a new one after restore ({@link Snapshot}). Stateless and thread-safe.
 */
@ApplicationScoped
@Priority(Snapshot.RESOURCES)
public class ImageService implements Resource {

    private final ModelManager models;
    private final StartupTimeline timeline;
    private final ImageConfig config;
    private final ImageDecoder decoder;
    /** The decoder for the I/O thread: its pixel budget is {@code zerocold.image.io-thread-max-pixels}. */
    private final ImageDecoder ioThreadDecoder;
    private final ImageFetcher fetcher;

    public ImageService(ModelManager models, StartupTimeline timeline, ImageConfig config) {
        this.models = models;
        this.timeline = timeline;
        this.config = config;
        this.decoder = new ImageDecoder(this.config.maxPixels());
        this.ioThreadDecoder = new ImageDecoder(Math.min(this.config.maxPixels(), this.config.ioThreadMaxPixels()));
        ImageConfig.Url url = this.config.url();
        this.fetcher = new ImageFetcher(new ImageFetcher.Policy(url.enabled(), url.allowedHosts().orElse(List.of()),
                url.allowPrivateAddresses(), url.connectTimeout(), url.readTimeout(), url.maxRedirects(),
                this.config.maxBytes().asLongValue()));
    }

    /**
     * Decodes an image on the calling HTTP I/O thread when it is cheap, else on a worker thread, and
     * hands it to the model's queue; neither thread waits for the answer. Cheap means at most
     * {@code zerocold.image.io-thread-max-bytes} of image for a READY model, decoded only if its
     * header declares at most {@code zerocold.image.io-thread-max-pixels}: a small file can declare
     * a huge image, and one that does moves to a worker before decoding.
     *
     * @param imageBytes size of the image the prediction decodes, or -1 when it must be fetched first
     * @param prediction the prediction, given the decoder to use
     */
    public Uni<ImageResponse> dispatch(long imageBytes, String model, String version,
                                       Function<ImageDecoder, CompletionStage<ImageResponse>> prediction) {
        Uni<ImageResponse> onWorker = Uni.createFrom().completionStage(() -> prediction.apply(decoder))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        boolean cheap = imageBytes >= 0 && imageBytes <= config.ioThreadMaxBytes().asLongValue()
                && models.isReady(modelName(model), version);
        if (!cheap) {
            return onWorker;
        }
        return Uni.createFrom().completionStage(() -> prediction.apply(ioThreadDecoder))
                .onFailure(e -> Futures.unwrap(e) instanceof TooLargeForIoThread).recoverWithUni(onWorker);
    }

    /** Size of a JSON request's decoded image (base64 is 4 characters per 3 bytes), or -1 for image_url. */
    public static long imageBytes(ImageRequest request) {
        boolean hasUrl = request.imageUrl() != null && !request.imageUrl().isBlank();
        return hasUrl || request.image() == null ? -1 : request.image().length() * 3L / 4;
    }

    /** A JSON request: base64 image or image_url. */
    public CompletableFuture<ImageResponse> predict(ImageRequest request, long startNanos, ImageDecoder decoder) {
        boolean hasImage = request.image() != null && !request.image().isBlank();
        boolean hasUrl = request.imageUrl() != null && !request.imageUrl().isBlank();
        if (hasImage == hasUrl) {
            throw new InvalidInputException("send exactly one of image (base64) or image_url");
        }
        byte[] bytes = hasImage ? base64(request.image()) : fetcher.fetch(request.imageUrl());
        return predict(bytes, request.topK(), request.model(), request.version(), request.routingKey(), startNanos,
                decoder);
    }

    /** Raw or multipart image bytes, decoded with the server's decoder. */
    public CompletableFuture<ImageResponse> predict(byte[] bytes, Integer topK, String model, String version,
                                                    String routingKey, long startNanos) {
        return predict(bytes, topK, model, version, routingKey, startNanos, decoder);
    }

    /** Raw image bytes, decoded by {@code decoder}; {@code routingKey} (or null) picks a version under a traffic split. */
    public CompletableFuture<ImageResponse> predict(byte[] bytes, Integer topK, String model, String version,
                                                    String routingKey, long startNanos, ImageDecoder decoder) {
        checkSize(bytes, "the image");
        return models.serve(Task.IMAGE, ImageClassifier.SIGNATURE, modelName(model), version, routingKey)
                .thenCompose(served -> {
            int k = topK(topK, served);  // checked before decoding and inference, which it would waste
            return classify(served, bytes, decoder).thenApply(result -> new ImageResponse(top(result, k),
                    served.key().name(), served.key().version(), Latency.millisSince(startNanos),
                    timeline.coldStartFlag()));
        });
    }

    /**
     * Decodes (unless the cache answers) and classifies one encoded image with a served model;
     * decoding failures fail the future with the image's problem.
     */
    public CompletableFuture<ClassScores> classify(ServedModel<ImageInput, ClassScores> served, byte[] bytes) {
        return classify(served, bytes, decoder);
    }

    private CompletableFuture<ClassScores> classify(ServedModel<ImageInput, ClassScores> served, byte[] bytes,
                                                    ImageDecoder with) {
        return served.predict(() -> new ImageInput.Picture(decode(bytes, with)),
                served.caches() ? InputDigest.of(bytes) : null);
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

    /** Decodes one image of a batch with the server's decoder; a rejection names the item ({@code what}). */
    public BufferedImage decode(byte[] bytes, String what) {
        try {
            return decoder.decode(bytes);
        } catch (ImageRejectedException e) {
            throw e.toProblem(what);
        }
    }

    private BufferedImage decode(byte[] bytes, ImageDecoder with) {
        try {
            return with.decode(bytes);
        } catch (ImageRejectedException e) {
            if (with == ioThreadDecoder && e.reason() == ImageRejectedException.Reason.TOO_MANY_PIXELS) {
                throw new TooLargeForIoThread();
            }
            throw e.toProblem();
        }
    }

    /** An image whose header declares more pixels than the I/O thread decodes: retried on a worker. */
    private static final class TooLargeForIoThread extends RuntimeException {
        TooLargeForIoThread() {
            super(null, null, false, false);
        }
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
