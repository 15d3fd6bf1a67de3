package dev.zerocold.runtime.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.zerocold.runtime.Artifacts;
import dev.zerocold.runtime.Framework;
import dev.zerocold.runtime.ModelRepository;
import dev.zerocold.runtime.ModelSource;
import dev.zerocold.runtime.Task;
import dev.zerocold.runtime.text.WordPieceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ONNX models prepared at build time: every {@code .onnx} artifact a model.yaml names (files or
 * {@code classpath:} resources inside jars) is written uncompressed, with its graph already
 * optimised, to {@code quarkus-app/prepared-models/<name>/<version>/}: in ONNX Runtime's own ORT
 * format (suffix {@value #MODEL_SUFFIX}), whose session is created from the file memory-mapped with
 * its weights used where they lie (see {@link OnnxRuntime#createSession(String, Path, Integer)}), or,
 * for a convolutional network, as ONNX ({@link #hasConvolutions}). At startup a session is created
 * from that file instead of inflating the artifact from its jar and optimising it again.
 * A model's {@code tokenizer} (a tokenizer.json) is likewise written in the load-ready binary form
 * {@link WordPieceTokenizer#readPrepared} reads, next to it with the suffix {@value #TOKENIZER_SUFFIX}.
 * Each prepared file records the size and time of its source; a source that changed since the
 * build is used directly. Models that name the same {@code classpath:} resource share one prepared
 * file (hard links). Stateless and thread-safe.
 *
 * <p>Run by the build: {@code java ... PreparedModels <model repository> <output directory>}.
 */
public final class PreparedModels {

    private static final Logger LOG = Logger.getLogger(PreparedModels.class);
    private static final String SOURCE_SUFFIX = ".source";
    /** Suffix of a prepared model: ONNX Runtime's own ORT format. */
    static final String MODEL_SUFFIX = ".ort";
    private static final String CLASSPATH = "classpath:";
    /** Suffix of a prepared tokenizer. */
    public static final String TOKENIZER_SUFFIX = ".wordpiece";

    private PreparedModels() {
    }

    /**
     * The prepared model for {@code reference} of the version in {@code versionDirectory}, if current:
     * the ORT-format file (suffix {@value #MODEL_SUFFIX}), or the ONNX one of a convolutional network.
     */
    static Optional<Path> lookup(Path root, String reference, Path versionDirectory) {
        return lookup(root, reference, versionDirectory, MODEL_SUFFIX)
                .or(() -> lookup(root, reference, versionDirectory, ""));
    }

    /** The prepared file for {@code reference} with {@code suffix} appended to its name, if current. */
    static Optional<Path> lookup(Path root, String reference, Path versionDirectory, String suffix) {
        Path prepared = location(root, reference, versionDirectory, suffix);
        try {
            if (Files.isRegularFile(prepared) && (sourceRemoved(reference)
                    || Files.readString(sidecar(prepared)).equals(fingerprint(reference, versionDirectory)))) {
                return Optional.of(prepared);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("Prepared model %s not usable: %s", prepared, e.getMessage());
        }
        return Optional.empty();
    }

    public static void main(String[] args) throws Exception {
        Path repository = Path.of(args.length > 0 ? args[0] : "models");
        Path root = Path.of(args.length > 1 ? args[1] : "target/quarkus-app/prepared-models");
        OnnxRuntime runtime = new OnnxRuntime(0, 1);
        Map<String, Path> written = new HashMap<>();
        for (ModelSource source : new ModelRepository(repository).scan()) {
            if (source.config() == null || source.config().framework() != Framework.ONNX) {
                continue;
            }
            for (String reference : onnxReferences(source)) {
                byte[] model = Artifacts.read(reference, source.directory());
                boolean ortFormat = !hasConvolutions(model);
                Path out = location(root, reference, source.directory(), ortFormat ? MODEL_SUFFIX : "");
                Files.createDirectories(out.getParent());
                Files.deleteIfExists(location(root, reference, source.directory(), ortFormat ? "" : MODEL_SUFFIX));
                String fingerprint = fingerprint(reference, source.directory());
                Path same = reference.startsWith(CLASSPATH) ? written.get(fingerprint) : null;
                if (same != null) {  // one resource served by several models: one file, linked
                    Files.deleteIfExists(out);
                    Files.createLink(out, same);
                } else {
                    prepare(runtime, model, out, ortFormat);
                    written.put(fingerprint, out);
                }
                Files.writeString(sidecar(out), fingerprint);
                System.out.printf("prepared %s %s -> %s%n", source.key(), reference, out);
            }
            JsonNode tokenizer = source.config().settings() == null ? null : source.config().settings().get("tokenizer");
            if (tokenizer != null && tokenizer.isTextual()) {
                String reference = tokenizer.asText();
                Path out = location(root, reference, source.directory(), TOKENIZER_SUFFIX);
                Files.createDirectories(out.getParent());
                WordPieceTokenizer wordPiece;
                try (InputStream json = Artifacts.open(reference, source.directory())) {
                    wordPiece = WordPieceTokenizer.fromJson(json);
                } catch (IOException e) {
                    System.out.printf("not prepared %s %s: %s%n", source.key(), reference, e.getMessage());
                    continue;  // not WordPiece: read by the Hugging Face library at load
                }
                try (OutputStream prepared = Files.newOutputStream(out)) {
                    wordPiece.writePrepared(prepared);
                }
                Files.writeString(sidecar(out), fingerprint(reference, source.directory()));
                System.out.printf("prepared %s %s -> %s%n", source.key(), reference, out);
            }
        }
    }

    private static void prepare(OnnxRuntime runtime, byte[] model, Path out, boolean ortFormat) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // EXTENDED, not ALL: layout optimisations depend on the CPU and are applied at load time.
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.EXTENDED_OPT);
            if (ortFormat) {
                options.addConfigEntry("session.save_model_format", "ORT");
            }
            options.setOptimizedModelFilePath(out.toString());
            runtime.environment().createSession(model, options).close();
        }
    }

    /**
     * Whether an ONNX graph has a {@code Conv} node (its protobuf holds the op type as field 4 of a
     * node: tag 0x22, length 4, "Conv"). ONNX Runtime rewrites convolutions into its blocked layout
     * (NCHWc) when it loads an ONNX model at the ALL level, for the CPU it runs on, and cannot do so
     * for an ORT-format model: a convolutional network stays in ONNX form (the image CNN ran 1.7x
     * slower from ORT format; BGE-small ran at the same speed: benchmarks/prepared-models), the
     * others go to the ORT format and are mapped.
     */
    static boolean hasConvolutions(byte[] model) {
        byte[] conv = {0x22, 0x04, 'C', 'o', 'n', 'v'};
        outer:
        for (int i = 0; i <= model.length - conv.length; i++) {
            for (int j = 0; j < conv.length; j++) {
                if (model[i + j] != conv[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * The string values in a model's settings that name ONNX artifacts, and a decoder's graph found
     * by its layout's file names when no setting names it (generation/model/DecoderSettings).
     */
    private static List<String> onnxReferences(ModelSource source) {
        List<String> references = new ArrayList<>();
        JsonNode settings = source.config().settings();
        if (settings != null) {
            settings.forEach(value -> {
                if (value.isTextual() && value.asText().endsWith(".onnx")) {
                    references.add(value.asText());
                }
            });
        }
        if (source.config().task() == Task.TEXT_GENERATION && (settings == null || !settings.has("decoder"))) {
            Artifacts.decoderGraph(source.directory()).ifPresent(references::add);
        }
        return references;
    }

    private static Path location(Path root, String reference, Path versionDirectory, String suffix) {
        Path version = versionDirectory.toAbsolutePath().normalize();
        String file = reference.replace(CLASSPATH, "classpath_").replace('/', '_') + suffix;
        return root.resolve(version.getParent().getFileName().toString())
                .resolve(version.getFileName().toString()).resolve(file);
    }

    /**
     * Whether {@code reference} names a {@code classpath:} resource that is not on the classpath: an
     * image build removes the pretrained models' ONNX files from their jars once they are prepared
     * (src/main/docker/SlimApp.java), and the prepared copy is then the model. Classpath resources
     * cannot change while the app runs, so there is nothing the copy could be stale against.
     */
    private static boolean sourceRemoved(String reference) {
        return reference.startsWith(CLASSPATH) && Thread.currentThread().getContextClassLoader()
                .getResource(reference.substring(CLASSPATH.length())) == null;
    }

    private static Path sidecar(Path prepared) {
        return prepared.resolveSibling(prepared.getFileName() + SOURCE_SUFFIX);
    }

    /** Size and modification time of the source artifact, cheap to compute at every start. */
    private static String fingerprint(String reference, Path versionDirectory) throws IOException {
        if (reference.startsWith(CLASSPATH)) {
            URL url = Thread.currentThread().getContextClassLoader()
                    .getResource(reference.substring(CLASSPATH.length()));
            if (url == null) {
                throw new IOException("missing " + reference);
            }
            return reference + " " + url.openConnection().getContentLengthLong();
        }
        Path file = Artifacts.resolve(reference, versionDirectory);
        return reference + " " + Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis();
    }
}
