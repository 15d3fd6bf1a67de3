package dev.zerocold.runtime;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a Triton-style model repository: {@code <root>/<name>/<version>/model.yaml}, numeric
 * versions only; anything else in the tree is ignored. Stateless and thread-safe.
 */
public final class ModelRepository {

    private static final Logger LOG = Logger.getLogger(ModelRepository.class);
    /** Model names: lower-case letters, digits, {@code . _ -}, at most 64. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    /** Versions: a number of at most 9 digits. */
    public static final Pattern VERSION = Pattern.compile("[0-9]{1,9}");

    private final Path root;

    public ModelRepository(Path root) {
        this.root = root;
    }

    /** Every model version found, in name then numeric version order. */
    public List<ModelSource> scan() {
        if (!Files.isDirectory(root)) {
            LOG.warnf("Model repository %s does not exist; no models are served", root.toAbsolutePath());
            return List.of();
        }
        List<ModelSource> sources = new ArrayList<>();
        try (Stream<Path> names = Files.list(root)) {
            for (Path modelDir : names.sorted().toList()) {
                String name = modelDir.getFileName().toString();
                if (Files.isDirectory(modelDir) && NAME.matcher(name).matches()) {
                    sources.addAll(versions(name, modelDir));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model repository " + root, e);
        }
        return sources;
    }

    private List<ModelSource> versions(String name, Path modelDir) throws IOException {
        try (Stream<Path> versions = Files.list(modelDir)) {
            return versions
                    .filter(dir -> VERSION.matcher(dir.getFileName().toString()).matches())
                    .filter(dir -> Files.isRegularFile(dir.resolve("model.yaml")))
                    .sorted(Comparator.comparingInt(dir -> Integer.parseInt(dir.getFileName().toString())))
                    .map(dir -> ModelSource.read(new ModelKey(name, dir.getFileName().toString()), dir))
                    .toList();
        }
    }

}
