package dev.zerocold.api.batch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The batch endpoint, {@code POST /api/predict/batch}. */
@ConfigMapping(prefix = "zerocold.batch")
public interface BatchConfig {

    /** Most items (texts or images) in one batch request; more is answered 413. */
    @WithDefault("256")
    int maxItems();
}
