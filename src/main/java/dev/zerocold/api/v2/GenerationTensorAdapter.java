package dev.zerocold.api.v2;

import dev.zerocold.generation.model.GenerationRequest;
import dev.zerocold.generation.model.GenerationStream;
import dev.zerocold.generation.model.TextGenerator;
import dev.zerocold.generation.service.GenerationService;
import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.TensorSpec;
import dev.zerocold.runtime.serving.Futures;
import dev.zerocold.runtime.serving.ServedModel;
import dev.zerocold.runtime.tensor.DataType;
import dev.zerocold.runtime.tensor.Tensor;
import dev.zerocold.runtime.tensor.TensorAdapter;
import dev.zerocold.runtime.tensor.TensorMetadata;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Generative models as tensors, with the names Triton's and KServe's LLM backends use:
 * {@code text_input} BYTES [N] (prompts) in, {@code text_output} BYTES [N] (each prompt's
 * continuation) out. Each prompt is one sequence in the version's scheduler, with the model's
 * default sampling and {@code zerocold.generation.default-completion-tokens} new tokens; the
 * OpenAI endpoints ({@code /v1/completions}) take the sampling settings and stream.
 */
@Singleton
public class GenerationTensorAdapter implements TensorAdapter {

    static final String TEXT_INPUT = "text_input";
    static final String TEXT_OUTPUT = "text_output";
    private static final TensorMetadata METADATA = new TensorMetadata(
            List.of(new TensorSpec(TEXT_INPUT, "BYTES", List.of(-1L))),
            List.of(new TensorSpec(TEXT_OUTPUT, "BYTES", List.of(-1L))));

    private final GenerationService generation;

    public GenerationTensorAdapter(GenerationService generation) {
        this.generation = generation;
    }

    @Override
    public Task task() {
        return Task.TEXT_GENERATION;
    }

    @Override
    public TensorMetadata metadata(ServedModel<?, ?> served) {
        return METADATA;
    }

    @Override
    public CompletableFuture<List<Tensor>> infer(ServedModel<?, ?> served, List<Tensor> inputs) {
        ServedModel<GenerationRequest, GenerationStream> model = served.as(TextGenerator.SIGNATURE);
        Tensor text = TensorMetadata.required(METADATA.check(inputs), TEXT_INPUT);
        String[] prompts = text.strings();
        for (int i = 0; i < prompts.length; i++) {  // all checked before any starts
            generation.checkedPrompt(prompts[i], TEXT_INPUT + "[" + i + "]");
        }
        long deadline = generation.deadline();
        List<CompletableFuture<String>> outputs = new ArrayList<>(prompts.length);
        for (String prompt : prompts) {
            GenerationRequest request = new GenerationRequest(prompt, null, null,
                    GenerationService.generator(model).defaults(), null, generation.defaultCompletionTokens(), List.of(),
                    deadline);
            outputs.add(generation.generate(model, request).thenCompose(GenerationStream::whole)
                    .thenApply(GenerationStream::text));
        }
        return Futures.inOrder(outputs).thenApply(all -> List.of(
                new Tensor(TEXT_OUTPUT, DataType.BYTES, new long[] {all.size()}, all.toArray(String[]::new))));
    }
}
