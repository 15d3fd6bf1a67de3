package dev.zerocold.api.v2;

import dev.zerocold.api.batch.BatchService;
import dev.zerocold.runtime.ModelManager;
import dev.zerocold.runtime.ModelVersion;
import dev.zerocold.runtime.Signature;
import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.TensorSpec;
import dev.zerocold.runtime.tensor.TaskTensors;
import dev.zerocold.runtime.tensor.Tensor;
import dev.zerocold.runtime.tensor.TensorFace;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sentiment models as tensors: {@code text} BYTES [N] in; class probabilities and the top label out
 * (the raw model output: the task endpoint's neutral threshold is not applied). Texts are checked,
 * counted and run as the batch endpoint does ({@link BatchService}), sharing the model's cache.
 */
@Singleton
public class SentimentTensors implements TaskTensors {

    static final String TEXT = "text";
    private static final List<TensorSpec> INPUTS = List.of(new TensorSpec(TEXT, "BYTES", List.of(-1L)));

    private final ModelManager models;
    private final BatchService batch;

    public SentimentTensors(ModelManager models, BatchService batch) {
        this.models = models;
        this.batch = batch;
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
        List<String> texts = batch.checkedTexts(Arrays.asList(text.strings()), TEXT);
        return models.serve(Task.SENTIMENT, Signature.TEXT_CLASSIFIER, call.model(), call.version(), call.routingKey())
                .thenCompose(served -> batch.scoreTexts(served, texts, TEXT).thenApply(scores ->
                        new Inferred(served.key(), ClassifierTensors.outputs(scores, served.labels().size()))));
    }
}
