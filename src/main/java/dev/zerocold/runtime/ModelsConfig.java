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
     * Where state that must survive a restart is kept: the traffic split ({@code traffic.json}) and
     * the versions zerocold writes itself (retrained models, under {@code models/}, a second model
     * repository that is loaded at startup and may always be deployed from).
     * Relative paths resolve against the working directory.
     */
    @WithDefault("data")
    Path stateDir();

    /**
     * How often the repository is scanned for new version folders and changed files (hot reload);
     * {@code off} disables it.
     */
    @WithDefault("30s")
    String scanInterval();

    /**
     * Version policy per model name for what a scan finds (Triton's): {@code latest} (the default) serves
     * the newest READY version and drains older ones once a newer one is READY; {@code all} keeps every
     * version; {@code specific} deploys only {@code specific-versions.<name>}.
     */
    Map<String, VersionPolicy> versionPolicy();

    /** The versions a {@code specific} policy deploys, per model name. */
    Map<String, List<String>> specificVersions();

    /** Which versions of a model the repository scan serves. */
    enum VersionPolicy { LATEST, ALL, SPECIFIC }
}
