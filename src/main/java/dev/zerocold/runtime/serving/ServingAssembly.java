package dev.zerocold.runtime.serving;

import dev.zerocold.runtime.Model;
import dev.zerocold.runtime.ModelConfig;
import dev.zerocold.runtime.ModelKey;
import dev.zerocold.runtime.ModelLoader;
import dev.zerocold.runtime.ModelsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.LongSupplier;

/**
 * Builds a loaded model's serving layer: its queue, cache and metrics, with the policies in force
 * (the loader's defaults, then model.yaml, then {@code zerocold.serving.model.<name>.*}).
 */
@ApplicationScoped
public class ServingAssembly {

    private final ServingConfig serving;
    private final ServingExecutors executors;
    private final MeterRegistry registry;
    private final int retryAfterSeconds;

    public ServingAssembly(ServingConfig serving, ServingExecutors executors, MeterRegistry registry, ModelsConfig models) {
        this.serving = serving;
        this.executors = executors;
        this.registry = registry;
        this.retryAfterSeconds = models.retryAfterSeconds();
    }

    /** The serving layer of {@code model}, loaded by {@code loader} from a version whose model.yaml is {@code yaml}. */
    public <I, O> ServedModel<I, O> assemble(ModelKey key, ModelConfig yaml, Model<I, O> model, ModelLoader loader,
                                             LongSupplier generation) {
        ServingConfig.ModelOverride override = serving.model().get(key.name());
        BatchingPolicy batching = loader.batching().with(yaml.batching())
                .with(override == null ? null : override.batching().settings());
        CachePolicy cache = loader.cache().with(yaml.cache()).with(override == null ? null : override.cache().settings());
        ServingMetrics metrics = new ServingMetrics(registry, key);
        InferenceQueue<I, O> queue = new InferenceQueue<>(key, model, batching, executors.batches(), executors.timer(),
                metrics, retryAfterSeconds);
        return new ServedModel<>(key, yaml.task(), model, queue, cache, generation, metrics);
    }
}
