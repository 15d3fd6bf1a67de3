package dev.zerocold.search.index;

import dev.zerocold.runtime.snapshot.SnapshotGate;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The collections under one root folder, {@code <root>/<name>/} each ({@link CollectionIndex}), all
 * opened at construction. A folder without {@code collection.json} is a creation that a crash cut
 * short, and a {@code .deleting-*} folder a deletion: both are removed at startup. Deleting a
 * collection closes it, renames its folder to {@code .deleting-<name>-<n>} (atomic: the collection is
 * gone even if the process dies before the files are) and then removes that.
 *
 * <p>For a process snapshot {@link #suspend} closes every index (after the reads and writes in
 * progress) and {@link #resume} opens them again; whoever uses a collection meanwhile waits.
 *
 * <p>Thread-safe: creating, deleting, suspending and resuming are serialised on this store; using a
 * collection ({@link #use}) runs concurrently with others.
 */
public final class CollectionStore implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CollectionStore.class);
    private static final String DELETING = ".deleting-";

    private final Path root;
    private final int maxCollections;
    /** Open collections by name; replaced whole under this store's lock. */
    private volatile Map<String, CollectionIndex> open = Map.of();
    private final SnapshotGate gate = new SnapshotGate(this);
    /** Mirrors the gate for {@link #use}'s lock-free path: set before a suspension closes anything. */
    private volatile boolean suspended;
    private boolean closedForGood;
    private long deletions;

    /** Opens every collection under {@code root} (created if absent). */
    public CollectionStore(Path root, int maxCollections) throws IOException {
        this.root = root;
        this.maxCollections = maxCollections;
        Files.createDirectories(root);
        removeLeftovers();
        this.open = openAll();
    }

    public Path root() {
        return root;
    }

    /** The open collections, by name. */
    public synchronized Map<String, CollectionIndex> collections() {
        awaitOpen();
        return new TreeMap<>(open);
    }

    /** How many collections are open (a snapshot's suspension aside), without waiting. */
    public int size() {
        return open.size();
    }

    /** The outcome of {@link #create}: the collection, and whether this call created it. */
    public record Created(CollectionIndex index, boolean created) {
    }

    /**
     * Creates {@code name} bound to {@code binding}, or returns the existing one (not created) when
     * {@code sameBinding} accepts its binding.
     *
     * @throws BindingConflictException it exists bound otherwise
     * @throws TooManyCollectionsException the store holds {@code maxCollections} already
     */
    public synchronized Created create(String name, CollectionBinding binding,
                                       java.util.function.Predicate<CollectionBinding> sameBinding) throws IOException {
        awaitOpen();
        CollectionIndex existing = open.get(name);
        if (existing != null) {
            if (!sameBinding.test(existing.binding())) {
                throw new BindingConflictException(existing.binding());
            }
            return new Created(existing, false);
        }
        if (open.size() >= maxCollections) {
            throw new TooManyCollectionsException(maxCollections);
        }
        Path dir = root.resolve(name);
        if (Files.exists(dir)) {
            deleteTree(dir);  // a creation cut short after startup's clean-up; never a collection (no binding)
        }
        CollectionIndex index = CollectionIndex.create(dir, binding);
        Map<String, CollectionIndex> next = new TreeMap<>(open);
        next.put(name, index);
        open = Map.copyOf(next);
        return new Created(index, true);
    }

    /** Deletes {@code name}: closed, then its folder removed; false if there is no such collection. */
    public synchronized boolean delete(String name) throws IOException {
        awaitOpen();
        CollectionIndex index = open.get(name);
        if (index == null) {
            return false;
        }
        Map<String, CollectionIndex> next = new TreeMap<>(open);
        next.remove(name);
        open = Map.copyOf(next);
        index.close();
        Path doomed = root.resolve(DELETING + name + "-" + (deletions++) + "-" + System.nanoTime());
        Files.move(index.dir(), doomed, StandardCopyOption.ATOMIC_MOVE);
        CollectionBinding.forceDirectory(root);
        deleteTree(doomed);
        return true;
    }

    /**
     * Runs {@code work} on the open collection {@code name}; empty if there is none. Waits while the
     * store is suspended; a collection closed under the work (deleted, suspended) is looked up again.
     */
    public <T> Optional<T> use(String name, Function<CollectionIndex, T> work) {
        while (true) {
            CollectionIndex index;
            if (suspended) {
                synchronized (this) {
                    awaitOpen();
                    index = open.get(name);
                }
            } else {
                index = open.get(name);  // no lock: a create or delete in progress does not hold queries up
            }
            if (index == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(work.apply(index));
            } catch (ClosedCollectionException e) {
                reopenIfBroken(name, index);
            }
        }
    }

    /** A collection whose writer could not be rolled back closed itself; it is opened afresh from its last commit. */
    private synchronized void reopenIfBroken(String name, CollectionIndex index) {
        if (gate.isClosed() || open.get(name) != index) {
            return;  // suspended or deleted meanwhile: the next lookup waits or finds nothing
        }
        try {
            index.close();
            Map<String, CollectionIndex> next = new TreeMap<>(open);
            next.put(name, CollectionIndex.open(index.dir()));
            open = Map.copyOf(next);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reopen collection " + name, e);
        }
    }

    /** Closes every collection until {@link #resume}; users wait meanwhile. Suspended already: nothing to do. */
    public synchronized void suspend() throws IOException {
        if (gate.isClosed() || closedForGood) {
            return;
        }
        gate.close();
        suspended = true;
        closeAll();
    }

    /** Opens every collection again and lets waiting users go on. Not suspended: nothing to do. */
    public synchronized void resume() throws IOException {
        if (!gate.isClosed()) {
            return;
        }
        try {
            open = openAll();
        } finally {
            suspended = false;
            gate.open();
        }
    }

    /** Closes every collection for good. */
    @Override
    public synchronized void close() throws IOException {
        closedForGood = true;
        suspended = false;
        gate.open();
        closeAll();
        open = Map.of();
    }

    private void closeAll() throws IOException {
        IOException failure = null;
        for (CollectionIndex index : open.values()) {
            try {
                index.close();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void awaitOpen() {
        try {
            gate.await();
        } catch (InterruptedException e) {
            throw new UncheckedIOException(new InterruptedIOException("interrupted while collections were suspended"));
        }
        if (closedForGood) {
            throw new IllegalStateException("the collection store is closed");
        }
    }

    private Map<String, CollectionIndex> openAll() throws IOException {
        Map<String, CollectionIndex> opened = new TreeMap<>();
        // A restore may find an empty state directory (a new volume, an image's discarded one)
        Files.createDirectories(root);
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                opened.put(dir.getFileName().toString(), CollectionIndex.open(dir));
            }
        } catch (IOException | RuntimeException e) {
            for (CollectionIndex index : opened.values()) {
                index.close();
            }
            throw e;
        }
        if (!opened.isEmpty()) {
            LOG.infof("Opened %d collections from %s", opened.size(), root);
        }
        return Map.copyOf(opened);
    }

    private void removeLeftovers() throws IOException {
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                boolean deleting = dir.getFileName().toString().startsWith(DELETING);
                if (deleting || !Files.exists(dir.resolve(CollectionBinding.FILE))) {
                    LOG.warnf("Removing %s, %s", dir, deleting ? "a deletion cut short" : "a creation cut short");
                    deleteTree(dir);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** The collection exists, bound to another model or version. */
    public static final class BindingConflictException extends IllegalStateException {
        private final transient CollectionBinding existing;

        BindingConflictException(CollectionBinding existing) {
            super("the collection is bound to another model or version");
            this.existing = existing;
        }

        public CollectionBinding existing() {
            return existing;
        }
    }

    /** The store holds as many collections as it may. */
    public static final class TooManyCollectionsException extends IllegalStateException {
        private final int limit;

        TooManyCollectionsException(int limit) {
            super("at most " + limit + " collections");
            this.limit = limit;
        }

        public int limit() {
            return limit;
        }
    }

    /** Lists the names in {@code root} that are collections (for tests and tools). */
    static List<String> names(Path root) throws IOException {
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> Files.exists(d.resolve(CollectionBinding.FILE)))
                    .map(d -> d.getFileName().toString()).sorted().toList();
        }
    }
}
