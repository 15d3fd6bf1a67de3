package dev.zerocold.api.v2;

import dev.zerocold.api.batch.BatchConfig;
import dev.zerocold.common.InvalidInputException;
import dev.zerocold.runtime.ModelManager;
import dev.zerocold.runtime.ModelVersion;
import dev.zerocold.runtime.Signature;
import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.TensorSpec;
import dev.zerocold.runtime.serving.Futures;
import dev.zerocold.runtime.serving.InputDigest;
import dev.zerocold.sentiment.SentimentService;
import dev.zerocold.runtime.tensor.TaskTensors;
import dev.zerocold.runtime.tensor.Tensor;
import dev.zerocold.runtime.tensor.TensorFace;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sentiment models as tensors: {@code text} BYTES [N] in; class probabilities and the top label out
 * (the raw model output: the task endpoint's neutral threshold is not applied). Texts are checked as
 * on the task endpoint and share its cache.
 */
@Singleton
public class SentimentTensors implements TaskTensors {

    static final String TEXT = "text";
    private static final List<TensorSpec> INPUTS = List.of(new TensorSpec(TEXT, "BYTES", List.of(-1L)));

    private final ModelManager models;
    private final SentimentService sentiment;
    private final BatchConfig limits;

    public SentimentTensors(ModelManager models, SentimentService sentiment, BatchConfig limits) {
        this.models = models;
        this.sentiment = sentiment;
        this.limits = limits;
    }

    @Override
    public Task task() {
        return Task.SENTIMENT;
    }

    @Override
    public TensorFace face(ModelVersion version) {
        return face(version.served(Signature.TEXT_CLASSIFIER).labels().size());
    }

    private static TensorFace face(int classes) {
        return new TensorFace(INPUTS, ClassifierTensors.outputs(classes));
    }

    @Override
    public CompletableFuture<Inferred> infer(Call call) {
        Tensor text = TensorFace.required(new TensorFace(INPUTS, List.of()).check(call.inputs()), TEXT);
        ClassifierTensors.checkItems(text.rows(), TEXT, limits.maxItems());
        String[] raw = text.strings();
        List<String> texts = new ArrayList<>(raw.length);
        for (int i = 0; i < raw.length; i++) {
            texts.add(sentiment.checkedText(raw[i], "text[" + i + "]"));
        }
        return models.serve(Task.SENTIMENT, Signature.TEXT_CLASSIFIER, call.model(), call.version(), call.routingKey())
                .thenCompose(served -> {
                    List<InputDigest> digests = served.caches() ? texts.stream().map(InputDigest::of).toList() : null;
                    int classes = served.labels().size();
                    return Futures.inOrder(served.predictAll(texts, digests), (index, error) ->
                                    error instanceof InvalidInputException invalid ? new InvalidInputException(
                                            "text[" + index + "]: " + invalid.getMessage(), served.key().name(),
                                            served.key().version()) : error)
                            .thenApply(scores -> new Inferred(served.key(), ClassifierTensors.outputs(scores, classes)));
                });
    }
}
