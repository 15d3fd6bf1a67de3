package dev.zerocold.api.batch;

import dev.zerocold.common.InvalidInputException;
import dev.zerocold.common.Latency;
import dev.zerocold.image.model.ImageClassifier;
import dev.zerocold.image.model.ImageInput;
import dev.zerocold.image.service.ImageService;
import dev.zerocold.runtime.Signature;
import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.inference.Inference;
import dev.zerocold.runtime.serving.ServedModel;
import dev.zerocold.sentiment.service.SentimentService;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The batch endpoint's adapter: every item is checked first by its feature's service (a bad one
 * fails the request with 400 naming its index, before anything runs), then all items go to the
 * served version together, so that they run in one or a few model calls. Results come back in input
 * order. Thread-safe.
 */
@ApplicationScoped
public class BatchService {

    private final Inference inference;
    private final SentimentService sentiment;
    private final ImageService images;

    public BatchService(Inference inference, SentimentService sentiment, ImageService images) {
        this.inference = inference;
        this.sentiment = sentiment;
        this.images = images;
    }

    public CompletableFuture<BatchResponse> predict(BatchRequest request, long startNanos) {
        boolean hasTexts = request.texts() != null;
        if (hasTexts == (request.images() != null)) {
            throw new InvalidInputException("send exactly one of texts or images");
        }
        return hasTexts ? texts(request, startNanos) : images(request, startNanos);
    }

    private CompletableFuture<BatchResponse> texts(BatchRequest request, long startNanos) {
        List<String> texts = sentiment.checkedTexts(request.texts(), "texts");
        return inference.serve(Task.SENTIMENT, Signature.TEXT_CLASSIFIER, sentiment.modelName(request.model()),
                        request.version(), request.routingKey())
                .thenCompose(served -> sentiment.summarize(served, texts, "texts")
                        .thenApply(results -> response(served, results, startNanos)));
    }

    private CompletableFuture<BatchResponse> images(BatchRequest request, long startNanos) {
        List<ImageInput> encoded = images.checkedImages(request.images(), "images");
        return inference.serve(Task.IMAGE, ImageClassifier.SIGNATURE, images.modelName(request.model()),
                        request.version(), request.routingKey())
                .thenCompose(served -> images.top(served, encoded, request.topK(), "images")
                        .thenApply(results -> response(served, results, startNanos)));
    }

    private static BatchResponse response(ServedModel<?, ?> served, List<?> results, long startNanos) {
        return new BatchResponse(results, served.key().name(), served.key().version(), results.size(),
                Latency.millisSince(startNanos));
    }
}
