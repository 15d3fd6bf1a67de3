package dev.zerocold.search.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * What a collection is bound to: one embedding model at one version, whose vectors have
 * {@code dimensions} values. Kept beside the index as {@code collection.json}, written atomically
 * (temporary file, fsync, rename, fsync of the directory): a collection exists once that file does.
 * Immutable.
 */
public record CollectionBinding(String model, String version, int dimensions, Instant created) {

    /** The binding file's name inside a collection's folder. */
    public static final String FILE = "collection.json";

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public CollectionBinding {
        if (model == null || version == null || dimensions < 1 || created == null) {
            throw new IllegalArgumentException("a binding needs a model, a version, dimensions >= 1 and a creation time");
        }
    }

    /** Reads {@code <dir>/collection.json}. */
    public static CollectionBinding read(Path dir) throws IOException {
        return JSON.readValue(dir.resolve(FILE).toFile(), CollectionBinding.class);
    }

    /** Writes {@code <dir>/collection.json} atomically and durably. */
    public void write(Path dir) throws IOException {
        Path temp = dir.resolve(FILE + ".tmp");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(JSON.writeValueAsBytes(this));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        Files.move(temp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(dir);
    }

    /** Syncs a directory's entries (a rename, a new file) to disk, where the file system can. */
    static void forceDirectory(Path dir) {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some file systems cannot sync a directory; the rename is still atomic
        }
    }
}
