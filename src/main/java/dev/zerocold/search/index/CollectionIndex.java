package dev.zerocold.search.index;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.IOUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One collection's Lucene index ({@code <dir>/index}) and binding ({@code <dir>/collection.json}).
 * Every document holds its id ({@code _id}, exact), its text (BM25 over {@link EnglishAnalyzer}), its
 * vector (HNSW, {@link VectorSimilarityFunction#DOT_PRODUCT} on L2-normalised vectors, {@link #HNSW_M}
 * and {@link #HNSW_BEAM_WIDTH}), its metadata as stored JSON, and each metadata value as an exact-match
 * term ({@code m.<field>}, see {@link MetadataTerms}) plus the field's name ({@code _fields}).
 *
 * <p>Durable: a write returns only after {@link IndexWriter#commit()} (which fsyncs); a write that
 * fails part-way is rolled back, leaving the last commit. Readers go through a {@link SearcherManager}
 * on the directory, refreshed after each commit, so they see committed documents only.
 *
 * <p>Thread-safe: writes are serialised by a lock of this collection; reads run concurrently with
 * them and with each other; {@link #close} waits for both. Using a closed index throws
 * {@link ClosedCollectionException}.
 *
 * <p>About 320 lines: the write path (serialised, committed, rolled back on failure) and the reads
 * share one lifecycle lock and one writer, and splitting them would spread that protocol over classes.
 */
public final class CollectionIndex implements AutoCloseable {

    /** HNSW graph degree M (Lucene's default, pinned: the ANN benchmark measures exactly this). */
    public static final int HNSW_M = 16;
    /** HNSW beam width at indexing (Lucene's default, pinned: the ANN benchmark measures exactly this). */
    public static final int HNSW_BEAM_WIDTH = 100;

    private final Path dir;
    private final CollectionBinding binding;
    private final Analyzer analyzer = new EnglishAnalyzer();
    private final Directory directory;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final ReentrantLock writes = new ReentrantLock();
    private final SearcherManager searchers;
    private IndexWriter writer;  // guarded by writes
    private volatile boolean closed;
    private boolean released;  // guarded by lifecycle's write lock

    private CollectionIndex(Path dir, CollectionBinding binding) throws IOException {
        this.dir = dir;
        this.binding = binding;
        this.directory = FSDirectory.open(dir.resolve("index"));
        try {
            this.writer = new IndexWriter(directory, writerConfig());
            writer.commit();  // a new index gets its first commit, so that readers can open it
            this.searchers = new SearcherManager(directory, null);
        } catch (IOException | RuntimeException e) {
            IOUtils.closeWhileHandlingException(writer, directory);
            throw e;
        }
    }

    /**
     * Creates a collection in {@code dir} (which must not hold one): the empty index first, the
     * binding file last, so that a crash in between leaves no collection (see {@link CollectionStore}).
     */
    public static CollectionIndex create(Path dir, CollectionBinding binding) throws IOException {
        Files.createDirectories(dir);
        CollectionIndex index = new CollectionIndex(dir, binding);
        try {
            binding.write(dir);
            CollectionBinding.forceDirectory(dir.getParent());
        } catch (IOException | RuntimeException e) {
            index.close();
            throw e;
        }
        return index;
    }

    /** Opens the collection in {@code dir}, as its last commit left it. */
    public static CollectionIndex open(Path dir) throws IOException {
        return new CollectionIndex(dir, CollectionBinding.read(dir));
    }

    private IndexWriterConfig writerConfig() {
        KnnVectorsFormat vectors = new Lucene99HnswVectorsFormat(HNSW_M, HNSW_BEAM_WIDTH);
        return new IndexWriterConfig(analyzer)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setCommitOnClose(false)
                .setCodec(new Lucene912Codec() {
                    @Override
                    public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                        return vectors;
                    }
                });
    }

    public Path dir() {
        return dir;
    }

    public CollectionBinding binding() {
        return binding;
    }

    /** Live documents as of the last commit. */
    public int count() {
        return read(searcher -> searcher.getIndexReader().numDocs());
    }

    /** The document with this id, if the last commit holds one. */
    public Optional<CollectionDocument> get(String id) {
        return read(searcher -> {
            TopDocs found = searcher.search(new TermQuery(new Term(IndexedFields.ID, id)), 1);
            return found.scoreDocs.length == 0 ? Optional.empty()
                    : Optional.of(IndexedFields.stored(searcher, found.scoreDocs[0].doc));
        });
    }

    /** Of {@code fields}, those that no live document has in its metadata (in the given order). */
    public List<String> unknownFields(Collection<String> fields) {
        return read(searcher -> {
            List<String> unknown = new ArrayList<>();
            for (String field : fields) {
                if (searcher.count(new TermQuery(new Term(IndexedFields.FIELDS, field))) == 0) {
                    unknown.add(field);
                }
            }
            return unknown;
        });
    }

    /** The best {@code query.topK()} documents, best first (see {@link Ranking}). */
    public List<Hit> search(SearchQuery query) {
        return read(searcher -> Ranking.search(searcher, analyzer, query, IndexedFields::stored));
    }

    /**
     * Adds or replaces (by id) every document, with its vector at the same position, and commits;
     * all or nothing.
     *
     * @param maxDocuments the most live documents the collection may hold afterwards
     * @return the number of documents written
     * @throws CollectionFullException the collection would hold more than {@code maxDocuments}; nothing was written
     */
    public int upsert(List<CollectionDocument> documents, List<float[]> vectors, int maxDocuments) throws IOException {
        if (documents.size() != vectors.size()) {
            throw new IllegalArgumentException(documents.size() + " documents but " + vectors.size() + " vectors");
        }
        for (float[] vector : vectors) {
            if (vector.length != binding.dimensions()) {
                throw new IllegalArgumentException("a vector of " + vector.length + " values for a collection of "
                        + binding.dimensions() + " dimensions");
            }
        }
        write(() -> {
            int live = count();
            Set<String> added = new HashSet<>();
            for (CollectionDocument document : documents) {
                if (get(document.id()).isEmpty()) {
                    added.add(document.id());
                }
            }
            if ((long) live + added.size() > maxDocuments) {
                throw new CollectionFullException(live, added.size(), maxDocuments);
            }
            for (int i = 0; i < documents.size(); i++) {
                CollectionDocument document = documents.get(i);
                writer.updateDocument(new Term(IndexedFields.ID, document.id()), IndexedFields.document(document, vectors.get(i)));
            }
            return true;
        });
        return documents.size();
    }

    /** Deletes the document with this id and commits; false if there was none. */
    public boolean delete(String id) throws IOException {
        return write(() -> {
            if (get(id).isEmpty()) {
                return false;
            }
            writer.deleteDocuments(new Term(IndexedFields.ID, id));
            return true;
        });
    }

    /** One serialised write: on success committed and visible to readers; on failure rolled back. */
    private boolean write(WriteStep step) throws IOException {
        enter();
        writes.lock();
        try {
            boolean changed;
            try {
                changed = step.run();
                if (changed) {
                    writer.commit();
                }
            } catch (IOException | RuntimeException | Error e) {
                rollback(e);
                throw e;
            }
            if (changed) {
                searchers.maybeRefreshBlocking();
            }
            return changed;
        } finally {
            writes.unlock();
            lifecycle.readLock().unlock();
        }
    }

    /** Drops whatever the failed write added since the last commit and opens a fresh writer. */
    private void rollback(Throwable cause) {
        try {
            writer.rollback();  // closes the writer
            writer = new IndexWriter(directory, writerConfig());
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
            closed = true;  // no usable writer: the store opens the collection afresh or reports it
        }
    }

    /** {@code vector} scaled to length 1 (a copy); DOT_PRODUCT needs unit vectors. */
    public static float[] normalised(float[] vector) {
        double sum = 0;
        for (float v : vector) {
            sum += (double) v * v;
        }
        if (!(sum > 0) || !Double.isFinite(sum)) {
            throw new IllegalArgumentException("a vector must be finite and not all zeros");
        }
        float[] unit = new float[vector.length];
        double norm = Math.sqrt(sum);
        for (int i = 0; i < vector.length; i++) {
            unit[i] = (float) (vector[i] / norm);
        }
        return unit;
    }

    private <T> T read(ReadStep<T> step) {
        enter();
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return step.run(searcher);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private void enter() {
        lifecycle.readLock().lock();
        if (closed) {
            lifecycle.readLock().unlock();
            throw new ClosedCollectionException();
        }
    }

    /** Whether {@link #close} ran (or a failed rollback left no writer). */
    public boolean isClosed() {
        return closed;
    }

    /** Waits for reads and writes in progress, then releases the index's files; uncommitted changes are dropped. */
    @Override
    public void close() throws IOException {
        lifecycle.writeLock().lock();
        try {
            closed = true;
            if (released) {
                return;
            }
            released = true;
            IOUtils.close(searchers, () -> {
                if (writer.isOpen()) {
                    writer.rollback();
                }
            }, directory);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    @FunctionalInterface
    private interface WriteStep {
        boolean run() throws IOException;
    }

    @FunctionalInterface
    interface ReadStep<T> {
        T run(IndexSearcher searcher) throws IOException;
    }

    /** Loads a stored document by Lucene doc id. */
    @FunctionalInterface
    interface StoredReader {
        CollectionDocument load(IndexSearcher searcher, int doc) throws IOException;
    }
}
