package dev.zerocold.runtime.onnx;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.Optional;

/** ONNX Runtime settings shared by every ONNX model. Each method documents one setting. */
@ConfigMapping(prefix = "zerocold.onnx")
public interface OnnxConfig {
    /** Threads one inference may use inside an operator; 0 lets ONNX Runtime choose (one per core). */
    @WithDefault("0")
    int intraOpThreads();

    /** Threads for running independent operators in parallel; 1 runs them sequentially. */
    @WithDefault("1")
    int interOpThreads();

    /**
     * Whether ONNX Runtime's worker threads spin while waiting for work. Spinning saves a few
     * microseconds for a lone request but burns the cores that concurrent requests need, so it is off.
     */
    @WithDefault("false")
    boolean allowSpinning();

    /**
     * Directory holding ONNX Runtime's native libraries already extracted. Unset: the
     * {@code native/onnxruntime} folder the build puts next to the packaged app, when present;
     * otherwise ONNX Runtime extracts its libraries to a temporary folder at each start.
     */
    Optional<Path> nativePath();

    /**
     * Directory of ONNX models prepared at build time (uncompressed, graph pre-optimised). Unset:
     * the {@code prepared-models} folder the build puts next to the packaged app, when present;
     * otherwise models load from their artifacts.
     */
    Optional<Path> preparedPath();
}
