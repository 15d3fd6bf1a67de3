package dev.zerocold.runtime.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What the operating system says a process holds open (Linux {@code /proc/<pid>/fd}). */
public final class OpenFiles {

    private OpenFiles() {
    }

    /** Whether any descriptor of this process refers to {@code file}; skips the test without /proc. */
    public static boolean holds(Path file) throws IOException {
        return holds(Path.of("/proc/self/fd"), file);
    }

    /** Whether any descriptor of process {@code pid} refers to {@code file}. */
    public static boolean holds(long pid, Path file) throws IOException {
        return holds(Path.of("/proc", Long.toString(pid), "fd"), file);
    }

    private static boolean holds(Path descriptors, Path file) throws IOException {
        assumeTrue(Files.isDirectory(descriptors), "needs " + descriptors);
        Path target = file.toRealPath();
        try (Stream<Path> fds = Files.list(descriptors)) {
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
