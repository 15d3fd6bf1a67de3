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
        return hasTexts ? texts(request, startNanos) : images(request, startNanos);
    }

    private CompletableFuture<BatchResponse> texts(BatchRequest request, long startNanos) {
        List<String> texts = checkedTexts(request.texts(), "texts");
        return models.serve(Task.SENTIMENT, Signature.TEXT_CLASSIFIER, sentiment.modelName(request.model()),
                request.version(), request.routingKey()).thenCompose(served -> scoreTexts(served, texts, "texts")
                .thenApply(scores -> response(served, scores.stream().map(sentiment::summarize).toList(), startNanos)));
    }

    private CompletableFuture<BatchResponse> images(BatchRequest request, long startNanos) {
        List<byte[]> encoded = checkedImages(request.images(), "images");
        return models.serve(Task.IMAGE, ImageClassifier.SIGNATURE, images.modelName(request.model()), request.version(),
                        request.routingKey())
                .thenCompose(served -> {
                    int k = images.topK(request.topK(), served);
                    return scoreImages(served, encoded, "images").thenApply(scores -> response(served,
                            scores.stream().map(s -> new BatchResponse.ImageResult(ImageService.top(s, k))).toList(),
                            startNanos));
                });
    }

    /**
     * Items of one request, at most {@code zerocold.batch.max-items} (else 413) and at least one.
     *
     * @param field how errors name the items, e.g. {@code texts}
     */
    public void checkCount(long items, String field) {
        if (items == 0) {
            throw new InvalidInputException(field + " must not be empty");
        }
        if (items > config.maxItems()) {
            throw new PayloadTooLargeException(items + " items in " + field + "; at most " + config.maxItems()
                    + " are accepted in one request (zerocold.batch.max-items)");
        }
    }

    /** Texts as the sentiment endpoint takes them (stripped, not blank, not too long), counted. */
    public List<String> checkedTexts(List<String> raw, String field) {
        checkCount(raw.size(), field);
        List<String> texts = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            texts.add(sentiment.checkedText(raw.get(i), field + "[" + i + "]"));
        }
        return texts;
    }

    /** Base64 images as bytes, each within the image byte limit, counted. */
    public List<byte[]> checkedImages(List<String> base64, String field) {
        checkCount(base64.size(), field);
        List<byte[]> encoded = new ArrayList<>(base64.size());
        for (int i = 0; i < base64.size(); i++) {
            String what = field + "[" + i + "]";
            String value = base64.get(i);
            if (value == null || value.isBlank()) {
                throw new InvalidInputException(what + " must not be blank");
            }
            byte[] bytes = ImageService.base64(value, what);
            images.checkSize(bytes, what);
            encoded.add(bytes);
        }
        return encoded;
    }

    /** Classifies texts together (cached when the version caches); a failure names {@code field[i]}. */
    public CompletableFuture<List<ClassScores>> scoreTexts(ServedModel<String, ClassScores> served, List<String> texts,
                                                           String field) {
        List<InputDigest> digests = served.caches() ? texts.stream().map(InputDigest::of).toList() : null;
        return scores(served, texts, digests, field);
    }

    /** Decodes and classifies encoded images together (cached by their bytes when the version caches). */
    public CompletableFuture<List<ClassScores>> scoreImages(ServedModel<ImageInput, ClassScores> served,
                                                            List<byte[]> encoded, String field) {
        List<ImageInput> decoded = new ArrayList<>(encoded.size());
        for (int i = 0; i < encoded.size(); i++) {
            decoded.add(new ImageInput.Picture(images.decode(encoded.get(i), field + "[" + i + "]")));
        }
        List<InputDigest> digests = served.caches() ? encoded.stream().map(InputDigest::of).toList() : null;
        return scores(served, decoded, digests, field);
    }

    /** Runs inputs through the version's queue together; an item's failure names it as {@code field[i]}. */
    public <I> CompletableFuture<List<ClassScores>> scores(ServedModel<I, ClassScores> served, List<I> inputs,
                                                           List<InputDigest> digests, String field) {
        return Futures.inOrder(served.predictAll(inputs, digests), (index, error) -> error instanceof InvalidInputException invalid
                ? new InvalidInputException(field + "[" + index + "]: " + invalid.getMessage(), served.key().name(),
                served.key().version())
                : error);
    }

    private static BatchResponse response(ServedModel<?, ?> served, List<?> results, long startNanos) {
        return new BatchResponse(results, served.key().name(), served.key().version(), results.size(),
                Latency.millisSince(startNanos));
    }
}
