package dev.zerocold.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Opens the artifacts a {@code model.yaml} refers to. A reference is either
 * {@code classpath:<resource>} (an artifact shipped in a dependency jar) or a path relative to the
 * model version's directory that must stay inside it: model configs cannot reach other files.
 */
public final class Artifacts {

    private static final String CLASSPATH = "classpath:";

    private Artifacts() {
    }

    public static InputStream open(String reference, Path versionDirectory) throws IOException {
        if (reference == null || reference.isBlank()) {
            throw new IOException("artifact reference is missing");
        }
        if (reference.startsWith(CLASSPATH)) {
            String resource = reference.substring(CLASSPATH.length());
            InputStream in = classLoader().getResourceAsStream(resource);
            if (in == null) {
                throw new NoSuchFileException("classpath resource " + resource);
            }
            return in;
        }
        return Files.newInputStream(resolve(reference, versionDirectory));
    }

    public static byte[] read(String reference, Path versionDirectory) throws IOException {
        try (InputStream in = open(reference, versionDirectory)) {
            return in.readAllBytes();
        }
    }

    /** Resolves a relative file reference, refusing anything that escapes the version directory. */
    public static Path resolve(String reference, Path versionDirectory) throws IOException {
        Path base = versionDirectory.toAbsolutePath().normalize();
        Path file = base.resolve(reference).normalize();
        if (!file.startsWith(base) || file.equals(base)) {
            throw new IOException("artifact '" + reference + "' is outside its model directory");
        }
        return file;
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : Artifacts.class.getClassLoader();
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A JSON file of a model folder (a Hugging Face export's {@code config.json},
     * {@code tokenizer_config.json}…): its tree, or a missing node when the folder has no such file.
     *
     * @throws IOException the file exists but is not JSON
     */
    public static JsonNode folderJson(Path folder, String file) throws IOException {
        Path path = folder.resolve(file);
        if (!Files.isRegularFile(path)) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(path.toFile());
        } catch (IOException e) {
            throw new IOException(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Where a decoder exported in the Hugging Face ONNX layout keeps its graph, in the order looked for. */
    public static final List<String> DECODER_GRAPHS = List.of("onnx/model.onnx", "model.onnx");

    /** The first of {@link #DECODER_GRAPHS} in a model folder, as a reference relative to it. */
    public static Optional<String> decoderGraph(Path folder) {
        return DECODER_GRAPHS.stream().filter(graph -> Files.isRegularFile(folder.resolve(graph))).findFirst();
    }
}
