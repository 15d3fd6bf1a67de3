package dev.zerocold.api.batch;

import dev.zerocold.common.InvalidInputException;
import dev.zerocold.common.Latency;
import dev.zerocold.common.PayloadTooLargeException;
import dev.zerocold.image.ImageClassifier;
import dev.zerocold.image.ImageInput;
import dev.zerocold.image.ImageService;
import dev.zerocold.runtime.ClassScores;
import dev.zerocold.runtime.ModelManager;
import dev.zerocold.runtime.Signature;
import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.serving.Futures;
import dev.zerocold.runtime.serving.InputDigest;
import dev.zerocold.runtime.serving.ServedModel;
import dev.zerocold.sentiment.SentimentService;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a batch request: every item is checked first (a bad one fails the request with 400 naming
 * its index, before anything runs), then all items enter the model's queue together, so that they
 * run in one or a few model calls. Results come back in input order. Thread-safe.
 */
@ApplicationScoped
public class BatchService {

    private final ModelManager models;
    private final SentimentService sentiment;
    private final ImageService images;
    private final BatchConfig config;

    public BatchService(ModelManager models, SentimentService sentiment, ImageService images, BatchConfig config) {
        this.models = models;
        this.sentiment = sentiment;
        this.images = images;
        this.config = config;
    }

    public CompletableFuture<BatchResponse> predict(BatchRequest request, long startNanos) {
        boolean hasTexts = request.texts() != null;
        if (hasTexts == (request.images() != null)) {
            throw new InvalidInputException("send exactly one of texts or images");
        }
        List<String> items = hasTexts ? request.texts() : request.images();
        if (items.isEmpty()) {
            throw new InvalidInputException((hasTexts ? "texts" : "images") + " must not be empty");
        }
        if (items.size() > config.maxItems()) {
            throw new PayloadTooLargeException(items.size() + " items; at most " + config.maxItems()
                    + " are accepted in one batch (zerocold.batch.max-items)");
        }
        return hasTexts ? texts(request, startNanos) : images(request, startNanos);
    }

    private CompletableFuture<BatchResponse> texts(BatchRequest request, long startNanos) {
        List<String> texts = new ArrayList<>(request.texts().size());
        for (int i = 0; i < request.texts().size(); i++) {
            texts.add(sentiment.checkedText(request.texts().get(i), "texts[" + i + "]"));
        }
        return models.serve(Task.SENTIMENT, Signature.TEXT_CLASSIFIER, sentiment.modelName(request.model()),
                request.version(), request.routingKey()).thenCompose(served -> {
                    List<InputDigest> digests = served.caches() ? texts.stream().map(InputDigest::of).toList() : null;
                    return collect(served, served.predictAll(texts, digests), "texts", startNanos,
                            sentiment::summarize);
                });
    }

    private CompletableFuture<BatchResponse> images(BatchRequest request, long startNanos) {
        List<byte[]> encoded = new ArrayList<>(request.images().size());
        for (int i = 0; i < request.images().size(); i++) {
            String what = "images[" + i + "]";
            String value = request.images().get(i);
            if (value == null || value.isBlank()) {
                throw new InvalidInputException(what + " must not be blank");
            }
            byte[] bytes = ImageService.base64(value, what);
            images.checkSize(bytes, what);
            encoded.add(bytes);
        }
        return models.serve(Task.IMAGE, ImageClassifier.SIGNATURE, images.modelName(request.model()), request.version(),
                        request.routingKey())
                .thenCompose(served -> {
                    int k = images.topK(request.topK(), served);
                    List<ImageInput> decoded = new ArrayList<>(encoded.size());
                    for (int i = 0; i < encoded.size(); i++) {
                        decoded.add(new ImageInput.Picture(images.decode(encoded.get(i), "images[" + i + "]")));
                    }
                    List<InputDigest> digests = served.caches() ? encoded.stream().map(InputDigest::of).toList() : null;
                    return collect(served, served.predictAll(decoded, digests), "images", startNanos,
                            scores -> new BatchResponse.ImageResult(ImageService.top(scores, k)));
                });
    }

    private <I> CompletableFuture<BatchResponse> collect(ServedModel<I, ClassScores> served,
                                                         List<CompletableFuture<ClassScores>> results, String field,
                                                         long startNanos, java.util.function.Function<ClassScores, ?> shape) {
        return Futures.inOrder(results, (index, error) -> error instanceof InvalidInputException invalid
                        ? new InvalidInputException(field + "[" + index + "]: " + invalid.getMessage(),
                        served.key().name(), served.key().version())
                        : error)
                .thenApply(scores -> new BatchResponse(scores.stream().map(shape).toList(), served.key().name(),
                        served.key().version(), scores.size(), Latency.millisSince(startNanos)));
    }

}
