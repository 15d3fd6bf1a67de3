package dev.zerocold.runtime.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.zerocold.common.ZerocoldConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The process's one ONNX Runtime environment and the session options every ONNX model shares.
 * Sessions it creates are safe for concurrent {@code run} calls, so each model holds one session
 * for all request threads.
 */
@ApplicationScoped
public class OnnxRuntime {

    private final int intraOpThreads;
    private final int interOpThreads;

    @Inject
    public OnnxRuntime(ZerocoldConfig config) {
        this(config.onnx().intraOpThreads(), config.onnx().interOpThreads());
        NativeLibraries.use(config.onnx().nativePath());
    }

    /** For tools that run outside the server, such as training entry points. */
    public OnnxRuntime(int intraOpThreads, int interOpThreads) {
        this.intraOpThreads = intraOpThreads;
        this.interOpThreads = interOpThreads;
    }

    public OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment();
    }

    /** Creates an optimised CPU session from a serialized model. */
    public OrtSession createSession(byte[] model) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            options.setInterOpNumThreads(Math.max(1, interOpThreads));
            options.setExecutionMode(interOpThreads > 1 ? OrtSession.SessionOptions.ExecutionMode.PARALLEL
                    : OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            return environment().createSession(model, options);
        }
    }

    /** Releases a session's native memory; called once, when its model is unloaded. */
    public static void close(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("could not close ONNX session: " + e.getMessage(), e);
        }
    }
}
