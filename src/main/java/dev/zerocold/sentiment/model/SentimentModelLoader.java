package dev.zerocold.sentiment.model;

import dev.zerocold.runtime.Framework;
import dev.zerocold.runtime.ModelConfig;
import dev.zerocold.runtime.ModelLoader;
import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.serving.CachePolicy;

/**
 * What the sentiment task's loaders share: each loads {@code task: sentiment} models of one
 * framework, and their predictions are cached by default (a text's answer never changes within a
 * version, and popular texts repeat).
 */
abstract class SentimentModelLoader implements ModelLoader {

    private final Framework framework;

    SentimentModelLoader(Framework framework) {
        this.framework = framework;
    }

    @Override
    public boolean supports(ModelConfig config) {
        return config.framework() == framework && config.task() == Task.SENTIMENT;
    }

    @Override
    public CachePolicy cache() {
        return CachePolicy.ON;
    }
}
