package dev.zerocold.runtime.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What the operating system says this process holds open (Linux {@code /proc/self/fd}). */
public final class OpenFiles {

    private static final Path FDS = Path.of("/proc/self/fd");

    private OpenFiles() {
    }

    /** Whether any descriptor of this process refers to {@code file}; skips the test without /proc. */
    public static boolean holds(Path file) throws IOException {
        assumeTrue(Files.isDirectory(FDS), "needs /proc/self/fd");
        Path target = file.toRealPath();
        try (Stream<Path> fds = Files.list(FDS)) {
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(target);
                } catch (IOException | UnsupportedOperationException e) {
                    return false;  // closed since it was listed
                }
            });
        }
    }
}
