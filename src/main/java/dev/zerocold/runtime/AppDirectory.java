package dev.zerocold.runtime;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;

/** Folders the build puts next to the packaged app ({@code quarkus-app/app/*.jar}). */
public final class AppDirectory {

    private AppDirectory() {
    }

    /** {@code quarkus-app/<first>/<more…>} when running from a packaged app; empty in dev mode and tests. */
    public static Optional<Path> resolve(String first, String... more) {
        try {
            var source = AppDirectory.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            Path jar = Path.of(source.getLocation().toURI());
            Path app = jar.getParent() == null ? null : jar.getParent().getParent();
            return Optional.ofNullable(app).map(dir -> dir.resolve(first)).map(dir -> {
                Path result = dir;
                for (String part : more) {
                    result = result.resolve(part);
                }
                return result;
            });
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
