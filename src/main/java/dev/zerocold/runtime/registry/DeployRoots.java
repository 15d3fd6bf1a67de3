package dev.zerocold.runtime.registry;

import dev.zerocold.common.InvalidInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Confines a deploy request's folder to the configured model roots: the path (relative to the
 * working directory, or absolute) is resolved with every symlink followed, and must then lie strictly
 * inside one of the roots, themselves resolved the same way. URLs, {@code ..} that climbs out, and
 * links that point elsewhere are refused: model sources never come from anywhere else (the lesson of
 * TorchServe's "ShellTorch"). Stateless.
 */
final class DeployRoots {

    private DeployRoots() {
    }

    static Path confine(String requested, List<Path> roots) {
        if (requested == null || requested.isBlank()) {
            throw new InvalidInputException("path is required: the model version's folder under a model root");
        }
        if (requested.contains("://") || requested.toLowerCase(Locale.ROOT).startsWith("file:")) {
            throw new InvalidInputException("path must be a folder under a model root, not a URL");
        }
        Path real;
        try {
            real = Path.of(requested).toAbsolutePath().toRealPath();
        } catch (InvalidPathException | IOException e) {
            throw new InvalidInputException("path '" + requested + "' is not a folder zerocold can read");
        }
        if (!Files.isDirectory(real)) {
            throw new InvalidInputException("path '" + requested + "' is not a folder");
        }
        for (Path root : roots) {
            try {
                Path realRoot = root.toAbsolutePath().toRealPath();
                if (real.startsWith(realRoot) && !real.equals(realRoot)) {
                    return real;
                }
            } catch (IOException e) {
                // a root that does not exist confines nothing
            }
        }
        throw new InvalidInputException("path '" + requested + "' is outside the model roots (zerocold.models.deploy-roots)");
    }
}
