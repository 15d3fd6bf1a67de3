package dev.zerocold.recommend.service;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Append-only file of accepted interactions, one line each:
 * {@code timestamp_millis TAB user_id TAB item_id TAB rating} (rating empty when implicit).
 * {@link #append} returns only after the line is on disk ({@link FileChannel#force}). A last line
 * torn by a crash was never acknowledged, so opening the journal cuts it off: it is not replayed,
 * even when what is left of it would still parse (a rating cut short).
 * Thread-safe: appends are serialised.
 */
public final class InteractionJournal implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(InteractionJournal.class);

    private final Path file;
    private final FileChannel channel;

    public InteractionJournal(Path file) throws IOException {
        this.file = file;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        dropTornLastLine(file);
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    }

    public Path file() {
        return file;
    }

    /** Appends one interaction and forces it to disk. */
    public synchronized void append(Interaction interaction) throws IOException {
        write(interaction.timestampMillis() + "\t" + interaction.userId() + "\t" + interaction.itemId() + "\t"
                + (interaction.rating() == null ? "" : interaction.rating()) + "\n");
    }

    /** Every well-formed line of {@code file}, in order; an absent file is empty. */
    public static List<Interaction> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Interaction> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int n = 0; n < lines.size(); n++) {
            if (lines.get(n).isEmpty()) {
                continue;
            }
            try {
                out.add(parse(lines.get(n)));
            } catch (IllegalArgumentException e) {
                LOG.warnf("Skipping malformed line %d of %s", n + 1, file);
            }
        }
        return out;
    }

    private static Interaction parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 4) {
            throw new IllegalArgumentException("expected 4 fields");
        }
        Float rating = f[3].isEmpty() ? null : Float.valueOf(f[3]);
        return new Interaction(f[1], Integer.parseInt(f[2]), rating, Long.parseLong(f[0]));
    }

    private void write(String line) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        channel.force(false);
    }

    /** Truncates {@code file} to just after its last line break (to nothing if it has none). */
    private static void dropTornLastLine(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel io = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long end = io.size();
            ByteBuffer chunk = ByteBuffer.allocate(4096);
            while (end > 0) {
                long start = Math.max(0, end - chunk.capacity());
                chunk.clear().limit((int) (end - start));
                while (chunk.hasRemaining() && io.read(chunk, start + chunk.position()) >= 0) {
                    // fill the chunk
                }
                for (int i = chunk.position() - 1; i >= 0; i--) {
                    if (chunk.get(i) == '\n') {
                        truncate(io, file, start + i + 1);
                        return;
                    }
                }
                end = start;
            }
            truncate(io, file, 0);
        }
    }

    private static void truncate(FileChannel io, Path file, long size) throws IOException {
        if (io.size() > size) {
            LOG.warnf("Dropping %d bytes of a torn last line of %s", io.size() - size, file);
            io.truncate(size);
            io.force(false);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
