package dev.zerocold.recommend.service;

import dev.zerocold.recommend.FactorModelStore;
import dev.zerocold.runtime.Framework;
import dev.zerocold.runtime.Model;
import dev.zerocold.runtime.ModelConfig;
import dev.zerocold.runtime.ModelLoader;
import dev.zerocold.runtime.ModelSource;
import dev.zerocold.runtime.Task;
import jakarta.enterprise.context.ApplicationScoped;

/** Loads factor-model recommenders ({@code framework: java}, {@code task: recommend}) written by {@link FactorModelStore}. */
@ApplicationScoped
public class RecommenderLoader implements ModelLoader {

    @Override
    public boolean supports(ModelConfig config) {
        return config.framework() == Framework.JAVA && config.task() == Task.RECOMMEND;
    }

    @Override
    public Model<?, ?> load(ModelSource source) throws Exception {
        return new RecommenderModel(FactorModelStore.read(source.directory()));
    }
}
