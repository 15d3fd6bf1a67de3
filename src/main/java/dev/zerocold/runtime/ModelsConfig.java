package dev.zerocold.runtime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The model repository and model lifecycle. Each method documents one setting. */
@ConfigMapping(prefix = "zerocold.models")
public interface ModelsConfig {
    /** Root of the model repository, laid out as {@code <root>/<name>/<version>/model.yaml}. */
    @WithDefault("models")
    Path root();

    /**
     * How long a request for a model that is still loading waits for it before being answered
     * 503 with Retry-After. Lets the first request after a cold start be served instead of refused.
     */
    @WithDefault("15s")
    Duration loadWait();

    /** Retry-After, in seconds, sent with 503 answers for models that are not ready. */
    @WithDefault("2")
    int retryAfterSeconds();

    /** How many models load at the same time. */
    @WithDefault("4")
    int loadThreads();

    /**
     * Load policy per model name: {@code eager} (at startup, the default) or {@code lazy} (on
     * the first request that needs it; such models do not hold back readiness).
     */
    Map<String, LoadPolicy> policy();

    /** When a model version loads. */
    enum LoadPolicy { EAGER, LAZY }

    /**
     * Folders whose model version directories a deploy request ({@code POST /models}) may name,
     * checked after resolving symlinks. Unset: the repository root alone.
     */
    Optional<List<Path>> deployRoots();

    /**
     * Where state that must survive a restart is kept: the traffic split ({@code traffic.json}).
     * Relative paths resolve against the working directory.
     */
    @WithDefault("data")
    Path stateDir();
}
