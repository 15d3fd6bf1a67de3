package dev.zerocold.api.v2;

import dev.zerocold.runtime.ClassScores;
import dev.zerocold.runtime.Signature;
import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.TensorSpec;
import dev.zerocold.runtime.serving.ServedModel;
import dev.zerocold.runtime.tensor.Tensor;
import dev.zerocold.runtime.tensor.TensorAdapter;
import dev.zerocold.runtime.tensor.TensorMetadata;
import dev.zerocold.sentiment.service.SentimentService;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sentiment models as tensors: {@code text} BYTES [N] in; class probabilities and the top label out
 * (the raw model output: the task endpoint's neutral threshold is not applied). Texts are checked
 * and classified by the sentiment feature's service, sharing the model's cache.
 */
@Singleton
public class SentimentTensorAdapter implements TensorAdapter {

    static final String TEXT = "text";
    private static final List<TensorSpec> INPUTS = List.of(new TensorSpec(TEXT, "BYTES", List.of(-1L)));

    private final SentimentService sentiment;

    public SentimentTensorAdapter(SentimentService sentiment) {
        this.sentiment = sentiment;
    }

    @Override
    public Task task() {
        return Task.SENTIMENT;
    }

    @Override
    public TensorMetadata metadata(ServedModel<?, ?> served) {
        return new TensorMetadata(INPUTS, ClassifierTensors.outputs(served.labels().size()));
    }

    @Override
    public CompletableFuture<List<Tensor>> infer(ServedModel<?, ?> served, List<Tensor> inputs) {
        ServedModel<String, ClassScores> classifier = served.as(Signature.TEXT_CLASSIFIER);
        Tensor text = TensorMetadata.required(metadata(served).check(inputs), TEXT);
        List<String> texts = sentiment.checkedTexts(Arrays.asList(text.strings()), TEXT);
        return sentiment.classify(classifier, texts, TEXT)
                .thenApply(scores -> ClassifierTensors.outputs(scores, classifier.labels().size()));
    }
}
