package dev.zerocold.runtime.text;

import dev.zerocold.runtime.AppDirectory;
import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Points DJL's Hugging Face tokenizers at the native library the build extracts next to the app
 * ({@code quarkus-app/native/tokenizers}), so a start loads it in place instead of copying 14 MB
 * into {@code ~/.djl.ai}: no write to the home folder (a read-only root filesystem works) and no copy
 * per start. The library reads {@value #PROPERTY} once, when it is first used; an explicit setting
 * (system property or environment variable) always wins. In dev mode and tests there is no such
 * folder and the library extracts its copy as before.
 */
final class TokenizerLibrary {

    private static final Logger LOG = Logger.getLogger(TokenizerLibrary.class);
    static final String PROPERTY = "RUST_LIBRARY_PATH";
    private static final String LIBRARY = System.mapLibraryName("tokenizers");

    private TokenizerLibrary() {
    }

    /** Sets {@value #PROPERTY} to the app's extracted library, if there is one and nothing else is set. */
    static synchronized void use() {
        if (System.getProperty(PROPERTY) != null || System.getenv(PROPERTY) != null) {
            return;
        }
        // The file, not its folder: DJL 0.36 resolves a folder through the platform's CUDA
        // architecture, which is null on a CPU-only platform (a NullPointerException).
        AppDirectory.resolve("native", "tokenizers", LIBRARY)
                .filter(Files::isRegularFile)
                .map(Path::toAbsolutePath)
                .ifPresent(library -> {
                    System.setProperty(PROPERTY, library.toString());
                    LOG.debugf("Hugging Face tokenizers' native library: %s", library);
                });
    }
}
