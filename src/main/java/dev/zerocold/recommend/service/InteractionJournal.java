package dev.zerocold.recommend.service;

import org.jboss.logging.Logger;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
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

    /** Bytes on disk: every appended line is complete within them. */
    public synchronized long size() throws IOException {
        return channel.size();
    }

    /** Every well-formed line of {@code file}, in order; an absent file is empty. */
    public static List<Interaction> read(Path file) throws IOException {
        return read(file, Long.MAX_VALUE);
    }

    /**
     * The well-formed lines within the first {@code limit} bytes of {@code file} (a {@link #size}
     * taken earlier), in order, streamed: appends may go on meanwhile.
     */
    public static List<Interaction> read(Path file, long limit) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Interaction> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file);
             BufferedReader lines = new BufferedReader(new InputStreamReader(bounded(in, limit), StandardCharsets.UTF_8))) {
            int n = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                n++;
                if (line.isEmpty()) {
                    continue;
                }
                try {
                    out.add(parse(line));
                } catch (IllegalArgumentException e) {
                    LOG.warnf("Skipping malformed line %d of %s", n, file);
                }
            }
        }
        return out;
    }

    /** {@code in} ending after {@code limit} bytes. */
    private static InputStream bounded(InputStream in, long limit) {
        return new FilterInputStream(in) {
            private long left = limit;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = super.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(buffer, offset, (int) Math.min(length, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }
        };
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
