package dev.zerocold.sentiment;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The sentiment task endpoint. Each method documents one setting. */
@ConfigMapping(prefix = "zerocold.sentiment")
public interface SentimentConfig {
    /** Model used when a request names none. */
    @WithDefault("sentiment")
    String defaultModel();

    /** Below this top-class probability the answer is {@code neutral}. */
    @WithDefault("0.6")
    double neutralThreshold();

    /** Longest accepted text, in characters after trimming. */
    @WithDefault("10000")
    int maxTextLength();

    /** Most sentences scored separately when {@code options.detailed} is set; the rest are not split out. */
    @WithDefault("64")
    int maxSentences();
}
