package dev.zerocold.recommend.service;

import dev.zerocold.recommend.FactorModelStore;
import dev.zerocold.runtime.Framework;
import dev.zerocold.runtime.Model;
import dev.zerocold.runtime.ModelConfig;
import dev.zerocold.runtime.ModelLoader;
import dev.zerocold.runtime.ModelSource;
import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.serving.BatchingPolicy;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * Loads factor-model recommenders ({@code framework: java}, {@code task: recommend}) written by
 * {@link FactorModelStore}. Serving defaults: batches of up to 8 queries, two at a time, no queue
 * delay; no cache (an answer depends on the user's interactions since, which change it).
 */
@ApplicationScoped
public class RecommenderLoader implements ModelLoader {

    @Override
    public boolean supports(ModelConfig config) {
        return config.framework() == Framework.JAVA && config.task() == Task.RECOMMEND;
    }

    @Override
    public BatchingPolicy batching() {
        return new BatchingPolicy(true, 8, Duration.ZERO, 1024, Duration.ofSeconds(10), 2);
    }

    @Override
    public Model<?, ?> load(ModelSource source) throws Exception {
        return TrainedVersions.read(source.directory());
    }
}
