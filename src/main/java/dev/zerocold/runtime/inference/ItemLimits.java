package dev.zerocold.runtime.inference;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How many items one request may carry, on every protocol (batch, {@code /predict/{name}}, V2 tensors). */
@ConfigMapping(prefix = "zerocold.batch")
public interface ItemLimits {

    /** Most items (texts, images, users, tensor rows) in one request; more is answered 413. */
    @WithDefault("256")
    int maxItems();
}
