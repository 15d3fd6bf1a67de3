package dev.zerocold.recommend.service;

import dev.zerocold.runtime.snapshot.SnapshotGate;
import org.jboss.logging.Logger;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Append-only file of accepted interactions, one line each:
 * {@code timestamp_millis TAB user_id TAB item_id TAB rating} (rating empty when implicit). Each line
 * has a sequence number, its position among all interactions ever accepted ({@link JournalEntries}).
 * {@link #compact} folds the entries of each user and item into the latest, written as
 * {@code @seq TAB timestamp_millis TAB user_id TAB item_id TAB rating}, followed by a line
 * {@code #next TAB n} and the lines appended since: the file stays as large as the distinct pairs
 * plus the tail, and sequence numbers never change.
 * {@link #append} returns only after the line is on disk ({@link FileChannel#force}). A last line
 * torn by a crash was never acknowledged, so opening the journal cuts it off: it is not replayed,
 * even when what is left of it would still parse (a rating cut short).
 * {@link #suspend} closes the file for a process snapshot and {@link #resume} reopens it; appends
 * made meanwhile wait for the reopening.
 * Thread-safe: appends are serialised.
 *
 * <p>About 350 lines: appending, compaction and the snapshot suspension share one lock and one file
 * position, and splitting them would spread that locking protocol over several classes.
 */
public final class InteractionJournal implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(InteractionJournal.class);
    private static final String NEXT = "#next\t";

    private final Path file;
    /** Held by a compaction from start to swap: a suspension waits for it. */
    private final Object compaction = new Object();
    /** The file opened for appending; null while suspended or once closed. */
    private FileChannel channel;
    /** Closed from {@link #suspend} to {@link #resume}; on this journal's monitor. */
    private final SnapshotGate gate = new SnapshotGate(this);

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
        awaitOpen();
        write(line(interaction));
    }

    private static String line(Interaction interaction) {
        return interaction.timestampMillis() + "\t" + interaction.userId() + "\t" + interaction.itemId() + "\t"
                + (interaction.rating() == null ? "" : interaction.rating()) + "\n";
    }

    /** Bytes on disk: every appended line is complete within them. */
    public synchronized long size() throws IOException {
        awaitOpen();
        return channel.size();
    }

    /** Whether the file is open for appending: not while suspended or after {@link #close}. */
    public synchronized boolean isOpen() {
        return channel != null;
    }

    /**
     * Flushes and closes the file until {@link #resume}, once a compaction in progress has finished;
     * appends wait meanwhile. Suspended or closed already: nothing to do.
     */
    public void suspend() throws IOException {
        synchronized (this) {
            if (gate.isClosed() || channel == null) {
                return;
            }
        }
        synchronized (compaction) {
            synchronized (this) {
                if (gate.isClosed() || channel == null) {
                    return;
                }
                channel.force(true);  // a failure leaves the journal open, appending
                gate.close();
                try {
                    channel.close();
                } catch (IOException e) {
                    LOG.warnf("Closing %s reported %s; the descriptor is released all the same", file, e);
                }
                channel = null;
            }
        }
    }

    /**
     * Reopens the file (it must still exist) for appending and lets waiting appends go on; if it
     * cannot be reopened they fail, as later ones will. Not suspended: nothing to do.
     */
    public synchronized void resume() throws IOException {
        if (!gate.isClosed()) {
            return;
        }
        try {
            // A restore may find the journal gone (a new volume, an image's discarded state
            // directory): appends go on into a new one.
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } finally {
            gate.open();
        }
    }

    /** Waits while suspended; fails once closed. The caller holds this journal's lock. */
    private void awaitOpen() throws IOException {
        try {
            gate.await();
        } catch (InterruptedException e) {
            throw new InterruptedIOException("interrupted while the journal was suspended");
        }
        if (channel == null) {
            throw new ClosedChannelException();
        }
    }

    /** Every well-formed line of {@code file}, in order; an absent file is empty. */
    public static List<Interaction> read(Path file) throws IOException {
        return read(file, Long.MAX_VALUE);
    }

    /** {@link #entries(Path, long)} without their sequence numbers. */
    public static List<Interaction> read(Path file, long limit) throws IOException {
        return entries(file, limit).entries();
    }

    /**
     * The well-formed lines within the first {@code limit} bytes of {@code file} (a {@link #size}
     * taken earlier), in order, streamed: appends may go on meanwhile.
     */
    public static JournalEntries entries(Path file, long limit) throws IOException {
        if (!Files.exists(file)) {
            return new JournalEntries(List.of(), new long[0], 0);
        }
        List<Interaction> out = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        long next = 0;
        try (InputStream in = Files.newInputStream(file);
             BufferedReader lines = new BufferedReader(new InputStreamReader(bounded(in, limit), StandardCharsets.UTF_8))) {
            int n = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                n++;
                if (line.isEmpty()) {
                    continue;
                }
                try {
                    if (line.startsWith(NEXT)) {
                        next = Math.max(next, Long.parseLong(line.substring(NEXT.length())));
                    } else if (line.startsWith("@")) {
                        int tab = line.indexOf('\t');
                        long seq = Long.parseLong(line.substring(1, tab));
                        out.add(parse(line.substring(tab + 1)));
                        seqs.add(seq);
                        next = Math.max(next, seq + 1);
                    } else {
                        out.add(parse(line));
                        seqs.add(next++);
                    }
                } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                    LOG.warnf("Skipping malformed line %d of %s", n, file);
                }
            }
        }
        return new JournalEntries(out, seqs.stream().mapToLong(Long::longValue).toArray(), next);
    }

    /**
     * Folds every entry written so far into the latest of each user and item (keeping its sequence
     * number), and swaps the folded file in atomically; appends go on meanwhile and are kept. Only the
     * swap holds the journal's lock; a {@link #suspend} waits for the whole compaction.
     *
     * @return the number of lines folded away
     */
    public int compact() throws IOException {
        synchronized (compaction) {
            return compactNow();
        }
    }

    private int compactNow() throws IOException {
        long folded = size();
        JournalEntries written = entries(file, folded);
        Map<String, Integer> latest = new LinkedHashMap<>();
        for (int i = 0; i < written.size(); i++) {
            Interaction e = written.entries().get(i);
            latest.put(e.userId() + "\t" + e.itemId(), i);
        }
        int[] kept = latest.values().stream().mapToInt(Integer::intValue).sorted().toArray();
        Path temp = file.resolveSibling(file.getFileName() + ".compacting");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            StringBuilder text = new StringBuilder();
            for (int i : kept) {
                text.append('@').append(written.seqs()[i]).append('\t').append(line(written.entries().get(i)));
            }
            text.append(NEXT).append(written.next()).append('\n');
            writeFully(out, ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
            synchronized (this) {
                awaitOpen();
                try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                    long end = channel.size();
                    for (long at = folded; at < end; ) {
                        at += in.transferTo(at, end - at, out);
                    }
                }
                out.force(true);
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                forceDirectory(file);
                channel.close();
                channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            }
        }
        int away = written.size() - kept.length;
        LOG.infof("Compacted %s: %d entries folded into %d (next sequence number %d)", file, written.size(),
                kept.length, written.next());
        return away;
    }

    private static void forceDirectory(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some file systems cannot sync a directory; the rename is still atomic
        }
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
        writeFully(channel, ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
        channel.force(false);
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
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

    /** Closes the file for good; appends waiting on a suspension fail. */
    @Override
    public synchronized void close() throws IOException {
        gate.open();
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
