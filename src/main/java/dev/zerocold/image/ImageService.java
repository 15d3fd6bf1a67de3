package dev.zerocold.image;

import dev.zerocold.common.Scores;
import dev.zerocold.common.Latency;
import dev.zerocold.common.InvalidInputException;
import dev.zerocold.common.PayloadTooLargeException;
import dev.zerocold.common.ZerocoldConfig;
import dev.zerocold.runtime.ClassScores;
import dev.zerocold.runtime.ModelManager;
import dev.zerocold.runtime.ModelVersion;
import dev.zerocold.runtime.StartupTimeline;
import dev.zerocold.runtime.Task;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Turns image bytes, however they arrived, into top-k predictions of an image model: size check,
 * safe decoding (pixel budget, EXIF orientation), the model's own preprocessing and inference.
 * Stateless and thread-safe.
 */
@ApplicationScoped
public class ImageService {

    private final ModelManager models;
    private final StartupTimeline timeline;
    private final ZerocoldConfig.Image config;
    private final ImageDecoder decoder;
    /** The decoder for the I/O thread: its pixel budget is {@code zerocold.image.io-thread-max-pixels}. */
    private final ImageDecoder ioThreadDecoder;
    private final ImageFetcher fetcher;

    public ImageService(ModelManager models, StartupTimeline timeline, ZerocoldConfig config) {
        this.models = models;
        this.timeline = timeline;
        this.config = config.image();
        this.decoder = new ImageDecoder(this.config.maxPixels());
        this.ioThreadDecoder = new ImageDecoder(Math.min(this.config.maxPixels(), this.config.ioThreadMaxPixels()));
        ZerocoldConfig.Image.Url url = this.config.url();
        this.fetcher = new ImageFetcher(new ImageFetcher.Policy(url.enabled(), url.allowedHosts().orElse(List.of()),
                url.allowPrivateAddresses(), url.connectTimeout(), url.readTimeout(), url.maxRedirects(),
                this.config.maxBytes().asLongValue()));
    }

    /**
     * Runs a prediction on the calling HTTP I/O thread when it is cheap, else on a worker thread.
     * Cheap means at most {@code zerocold.image.io-thread-max-bytes} of image for a READY model,
     * decoded only if its header declares at most {@code zerocold.image.io-thread-max-pixels}: a
     * small file can declare a huge image, and one that does moves to a worker before decoding.
     *
     * @param imageBytes size of the image the prediction decodes, or -1 when it must be fetched first
     * @param prediction the prediction, given the decoder to use
     */
    public Uni<ImageResponse> dispatch(long imageBytes, String model, String version,
                                       Function<ImageDecoder, ImageResponse> prediction) {
        Uni<ImageResponse> onWorker = Uni.createFrom().item(() -> prediction.apply(decoder))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        boolean cheap = imageBytes >= 0 && imageBytes <= config.ioThreadMaxBytes().asLongValue()
                && models.isReady(modelName(model), version);
        if (!cheap) {
            return onWorker;
        }
        return Uni.createFrom().item(() -> prediction.apply(ioThreadDecoder))
                .onFailure(TooLargeForIoThread.class).recoverWithUni(onWorker);
    }

    /** Size of a JSON request's decoded image (base64 is 4 characters per 3 bytes), or -1 for image_url. */
    public static long imageBytes(ImageRequest request) {
        boolean hasUrl = request.imageUrl() != null && !request.imageUrl().isBlank();
        return hasUrl || request.image() == null ? -1 : request.image().length() * 3L / 4;
    }

    /** A JSON request: base64 image or image_url. */
    public ImageResponse predict(ImageRequest request, long startNanos, ImageDecoder decoder) {
        boolean hasImage = request.image() != null && !request.image().isBlank();
        boolean hasUrl = request.imageUrl() != null && !request.imageUrl().isBlank();
        if (hasImage == hasUrl) {
            throw new InvalidInputException("send exactly one of image (base64) or image_url");
        }
        byte[] bytes = hasImage ? base64(request.image()) : fetcher.fetch(request.imageUrl());
        return predict(bytes, request.topK(), request.model(), request.version(), startNanos, decoder);
    }

    /** Raw or multipart image bytes, decoded with the server's decoder. */
    public ImageResponse predict(byte[] bytes, Integer topK, String model, String version, long startNanos) {
        return predict(bytes, topK, model, version, startNanos, decoder);
    }

    /** Raw image bytes, decoded by {@code decoder}. */
    public ImageResponse predict(byte[] bytes, Integer topK, String model, String version, long startNanos,
                                 ImageDecoder decoder) {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidInputException("the image is empty");
        }
        if (bytes.length > config.maxBytes().asLongValue()) {
            throw new PayloadTooLargeException("image is " + bytes.length + " bytes; at most "
                    + config.maxBytes().asLongValue() + " are accepted");
        }
        ModelVersion served = models.resolve(Task.IMAGE, modelName(model), version);
        int labels = served.model(ImageClassifier.class).map(c -> c.labels().size()).orElse(Integer.MAX_VALUE);
        int k = topK == null ? Math.min(config.defaultTopK(), labels) : topK;
        if (k < 1 || k > labels) {  // checked before decoding and inference, which it would waste
            throw new InvalidInputException("top_k must be between 1 and " + labels,
                    served.key().name(), served.key().version());
        }
        BufferedImage image = decode(bytes, decoder);
        ClassScores result = served.<BufferedImage, ClassScores>predict(List.of(image)).get(0);
        return new ImageResponse(top(result, k), served.key().name(), served.key().version(),
                Latency.millisSince(startNanos), timeline.coldStartFlag());
    }

    private String modelName(String model) {
        return model == null ? config.defaultModel() : model;
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

    private static byte[] base64(String value) {
        String data = value.strip();
        int comma = data.indexOf(',');
        if (data.startsWith("data:") && comma > 0) {
            data = data.substring(comma + 1);
        }
        try {
            return Base64.getMimeDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("image is not valid base64");
        }
    }

    private static List<ImageResponse.Prediction> top(ClassScores scores, int k) {
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
