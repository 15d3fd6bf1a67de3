package dev.zerocold.runtime.onnx;

import dev.zerocold.runtime.AppDirectory;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import dev.zerocold.runtime.Artifacts;
import dev.zerocold.runtime.text.BundledTokenizers;
import dev.zerocold.runtime.text.HuggingFaceTokenizers;
import dev.zerocold.runtime.text.TextTokenizer;
import dev.zerocold.runtime.text.WordPieceTokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * The process's one ONNX Runtime environment and the session options every ONNX model shares.
 * Sessions it creates are safe for concurrent {@code run} calls, so each model holds one session
 * for all request threads.
 */
@ApplicationScoped
public class OnnxRuntime {

    private static final Logger LOG = Logger.getLogger(OnnxRuntime.class);
    /**
     * The mapped model file of each session made from a prepared model; weak keys, so an entry goes
     * with its session (one per loaded model version: bounded by the models loaded).
     */
    private static final Map<OrtSession, MappedByteBuffer> MAPPINGS = new WeakHashMap<>();

    private final int intraOpThreads;
    private final int interOpThreads;
    private final boolean allowSpinning;
    private final Optional<Path> prepared;

    @Inject
    public OnnxRuntime(OnnxConfig config) {
        this.intraOpThreads = config.intraOpThreads();
        this.interOpThreads = config.interOpThreads();
        this.allowSpinning = config.allowSpinning();
        this.prepared = config.preparedPath().or(() -> AppDirectory.resolve("prepared-models"))
                .filter(Files::isDirectory);
        NativeLibraries.use(config.nativePath());
    }

    /** For tools that run outside the server, such as training entry points. */
    public OnnxRuntime(int intraOpThreads, int interOpThreads) {
        this(intraOpThreads, interOpThreads, null);
    }

    /** For tools and tests: sessions from the models prepared under {@code prepared}, when not null. */
    OnnxRuntime(int intraOpThreads, int interOpThreads, Path prepared) {
        this.intraOpThreads = intraOpThreads;
        this.interOpThreads = interOpThreads;
        this.allowSpinning = false;
        this.prepared = Optional.ofNullable(prepared);
    }

    public OrtEnvironment environment() {
        return Environment.INSTANCE;
    }

    /**
     * ONNX Runtime's environment, with its telemetry events off: a model server sends nothing
     * anywhere unasked. Official builds on Linux also keep a local telemetry database and uploader
     * unless {@code ORT_DISABLE_TELEMETRY=1} is in the environment before the library loads; the
     * container images and the snapshot scripts set it (an open database file would also tie a
     * CRIU snapshot to that file's size).
     */
    private static final class Environment {
        static final OrtEnvironment INSTANCE = create();

        private static OrtEnvironment create() {
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            try {
                environment.setTelemetry(false);
            } catch (OrtException e) {
                // telemetry stays as the library's defaults; serving is unaffected
            }
            return environment;
        }
    }

    /**
     * Creates a session for a model.yaml artifact reference: from the copy prepared at build time
     * when there is a current one (see {@link PreparedModels}), else from the artifact itself.
     *
     * @param intraOpThreads the model's own {@code intra_op_threads} setting, or null for the
     *                       server-wide {@code zerocold.onnx.intra-op-threads}
     */
    public OrtSession createSession(String reference, Path versionDirectory, Integer intraOpThreads)
            throws OrtException, IOException {
        Optional<Path> file = prepared.flatMap(root -> PreparedModels.lookup(root, reference, versionDirectory));
        try (OrtSession.SessionOptions options = options(intraOpThreads == null ? this.intraOpThreads : intraOpThreads)) {
            if (file.isPresent()) {
                LOG.debugf("ONNX session for %s from prepared %s", reference, file.get());
                return file.get().toString().endsWith(PreparedModels.MODEL_SUFFIX)
                        ? mappedSession(file.get(), options)
                        : environment().createSession(file.get().toString(), options);
            }
            return environment().createSession(Artifacts.read(reference, versionDirectory), options);
        }
    }

    /**
     * A session on a prepared ORT-format model mapped into memory, whose weights ONNX Runtime uses
     * where they lie in the mapping instead of copying them ({@code use_ort_model_bytes_directly},
     * {@code use_ort_model_bytes_for_initializers}). Those pages stay file-backed: they are shared
     * through the page cache by every session and process on the same file (two models on one
     * pretrained encoder, several replicas on a node), and a CRIU snapshot leaves them out, because
     * criu reads unwritten file pages back from the file. Weights a kernel repacks for speed are still
     * copied. The mapping must outlive the session: it is held in {@link #MAPPINGS} for as long as the
     * session object is reachable.
     */
    private OrtSession mappedSession(Path file, OrtSession.SessionOptions options) throws OrtException, IOException {
        MappedByteBuffer bytes;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        }
        options.addConfigEntry("session.use_ort_model_bytes_directly", "1");
        options.addConfigEntry("session.use_ort_model_bytes_for_initializers", "1");
        OrtSession session = environment().createSession(bytes, options);
        synchronized (MAPPINGS) {
            MAPPINGS.put(session, bytes);
        }
        return session;
    }

    /**
     * The tokenizer a model.yaml names: the copy prepared at build time (see {@link PreparedModels}) when there is a
     * current one, else one bundled with the application (see {@link BundledTokenizers}), else
     * parsed from the tokenizer.json itself.
     */
    public WordPieceTokenizer tokenizer(String reference, Path versionDirectory) throws IOException {
        Optional<Path> file = prepared.flatMap(root ->
                PreparedModels.lookup(root, reference, versionDirectory, PreparedModels.TOKENIZER_SUFFIX));
        if (file.isPresent()) {
            try (InputStream in = Files.newInputStream(file.get())) {
                return WordPieceTokenizer.readPrepared(in);
            }
        }
        Optional<WordPieceTokenizer> bundled = BundledTokenizers.get(reference);
        if (bundled.isPresent()) {
            return bundled.get();
        }
        try (InputStream json = Artifacts.open(reference, versionDirectory)) {
            return WordPieceTokenizer.fromJson(json);
        }
    }

    /**
     * The tokenizer for an encoder with a limit of {@code maxLength} ids: {@link #tokenizer} when the
     * {@code tokenizer.json} is a BERT WordPiece one, else Hugging Face's own library (BPE, Unigram…).
     *
     * @throws IOException if neither can read it, with both reasons
     */
    public TextTokenizer textTokenizer(String reference, Path versionDirectory, int maxLength) throws IOException {
        try {
            return tokenizer(reference, versionDirectory);
        } catch (java.io.FileNotFoundException | java.nio.file.NoSuchFileException missing) {
            throw missing;
        } catch (IOException wordPiece) {
            byte[] json = Artifacts.read(reference, versionDirectory);
            try {
                return HuggingFaceTokenizers.of(json, maxLength);
            } catch (IOException | RuntimeException | LinkageError other) {
                throw new IOException("tokenizer " + reference + " is supported neither as WordPiece ("
                        + wordPiece.getMessage() + ") nor by the Hugging Face tokenizers library ("
                        + other.getMessage() + ")", other);
            }
        }
    }

    /** Whether {@code session} runs on a mapped prepared model ({@link #mappedSession}). */
    static boolean isMapped(OrtSession session) {
        synchronized (MAPPINGS) {
            return MAPPINGS.containsKey(session);
        }
    }

    /** Validates a model's {@code intra_op_threads} setting (null means the server-wide default). */
    public static void checkThreads(Integer intraOpThreads) {
        if (intraOpThreads != null && intraOpThreads < 0) {
            throw new IllegalArgumentException("settings.intra_op_threads must be 0 (ONNX Runtime's choice) or more");
        }
    }

    /** Creates an optimised CPU session from a serialized model. */
    public OrtSession createSession(byte[] model) throws OrtException {
        try (OrtSession.SessionOptions options = options(intraOpThreads)) {
            return environment().createSession(model, options);
        }
    }

    private OrtSession.SessionOptions options(int intraOpThreads) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            options.setInterOpNumThreads(Math.max(1, interOpThreads));
            if (!allowSpinning) {
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                options.addConfigEntry("session.inter_op.allow_spinning", "0");
            }
            options.setExecutionMode(interOpThreads > 1 ? OrtSession.SessionOptions.ExecutionMode.PARALLEL
                    : OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
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
