package dev.zerocold.search.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.VectorUtil;

/**
 * Approximate nearest-neighbour benchmark of Lucene's HNSW vectors on disk, no server involved.
 *
 * <p>For each corpus size it draws L2-normalised vectors from a seeded mixture of Gaussian
 * clusters, indexes them with {@link KnnFloatVectorField} (dot product, Lucene's default HNSW:
 * M=16, beamWidth=100) into an {@link FSDirectory} in a temporary folder, and measures, for
 * held-out queries drawn from the same mixture: recall@10 of {@link KnnFloatVectorQuery} against
 * the exact top 10 by brute force, single-thread query latency (p50/p99 after a warm-up pass, wall
 * clock and the thread's CPU time, which leaves out time the thread waited for a core),
 * build time and bytes on disk per vector. The index is measured as the writer left it (several
 * segments) and again after {@code forceMerge(1)}.
 *
 * <p>A plain main, not a test: its name does not match surefire's or failsafe's patterns. Run it
 * with {@code benchmarks/ann/run.sh}. Not thread-safe; one instance per run.
 */
public final class AnnBenchmark {

    private static final String FIELD = "vec";
    private static final String ID = "id";
    private static final int K = 10;

    private final int dim;
    private final int clusters;
    private final double noise;
    private final long seed;
    private final int[] candidates;
    private final PrintStream out;

    private AnnBenchmark(int dim, int clusters, double noise, long seed, int[] candidates, PrintStream out) {
        this.dim = dim;
        this.clusters = clusters;
        this.noise = noise;
        this.seed = seed;
        this.candidates = candidates;
        this.out = out;
    }

    /**
     * Arguments (all optional, {@code name=value}): {@code sizes=10000,100000}, {@code queries=1000},
     * {@code dim=384}, {@code clusters=1000}, {@code noise=1.0}, {@code seed=42},
     * {@code candidates=10,50,100}, {@code out=DIR} (writes {@code ann.csv} there).
     */
    public static void main(String[] args) throws Exception {
        var opts = new java.util.HashMap<String, String>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("expected name=value, got " + a);
            }
            opts.put(a.substring(0, eq), a.substring(eq + 1));
        }
        int[] sizes = ints(opts.getOrDefault("sizes", "10000,100000"));
        int queries = Integer.parseInt(opts.getOrDefault("queries", "1000"));
        var bench = new AnnBenchmark(
                Integer.parseInt(opts.getOrDefault("dim", "384")),
                Integer.parseInt(opts.getOrDefault("clusters", "1000")),
                Double.parseDouble(opts.getOrDefault("noise", "1.0")),
                Long.parseLong(opts.getOrDefault("seed", "42")),
                ints(opts.getOrDefault("candidates", "10,50,100")),
                System.out);
        List<String> rows = new ArrayList<>();
        rows.add("n,layout,segments,candidates,recall_at_10,p50_ms,p99_ms,cpu_p50_ms,cpu_p99_ms,build_s,merge_s,bytes_per_vector,vex_bytes_per_vector");
        for (int n : sizes) {
            rows.addAll(bench.run(n, queries));
        }
        String dir = opts.get("out");
        if (dir != null) {
            Files.createDirectories(Path.of(dir));
            Files.write(Path.of(dir, "ann.csv"), rows);
        }
    }

    private List<String> run(int n, int nQueries) throws Exception {
        out.printf(Locale.ROOT, "%n== n=%,d dim=%d clusters=%d noise=%.2f seed=%d%n", n, dim, clusters, noise, seed);
        var rnd = new SplittableRandom(seed);
        float[][] centroids = new float[clusters][];
        for (int c = 0; c < clusters; c++) {
            centroids[c] = gaussian(rnd, 1.0);
            VectorUtil.l2normalize(centroids[c]);
        }
        float[][] docs = sample(rnd, centroids, n);
        float[][] queries = sample(rnd, centroids, nQueries);

        long t0 = System.nanoTime();
        int[][] truth = exactTopK(docs, queries);
        out.printf(Locale.ROOT, "exact top-%d by brute force: %.1f s%n", K, (System.nanoTime() - t0) / 1e9);

        Path tmp = Files.createTempDirectory("ann-bench-");
        List<String> rows = new ArrayList<>();
        try (Directory dir = FSDirectory.open(tmp)) {
            long b0 = System.nanoTime();
            try (IndexWriter w = new IndexWriter(dir, config())) {
                for (int i = 0; i < n; i++) {
                    var doc = new Document();
                    doc.add(new KnnFloatVectorField(FIELD, docs[i], VectorSimilarityFunction.DOT_PRODUCT));
                    doc.add(new NumericDocValuesField(ID, i));
                    w.addDocument(doc);
                }
                w.commit();
            }
            double buildS = (System.nanoTime() - b0) / 1e9;
            rows.addAll(measure(dir, n, "as-written", buildS, 0, queries, truth));

            long m0 = System.nanoTime();
            try (IndexWriter w = new IndexWriter(dir, config().setOpenMode(IndexWriterConfig.OpenMode.APPEND))) {
                w.forceMerge(1);
                w.commit();
            }
            double mergeS = (System.nanoTime() - m0) / 1e9;
            rows.addAll(measure(dir, n, "force-merged", buildS, mergeS, queries, truth));
        } finally {
            deleteTree(tmp);
        }
        return rows;
    }

    private static IndexWriterConfig config() {
        KnnVectorsFormat hnsw = new Lucene99HnswVectorsFormat(16, 100);
        return new IndexWriterConfig().setCodec(new Lucene912Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return hnsw;
            }
        });
    }

    private List<String> measure(Directory dir, int n, String layout, double buildS, double mergeS,
            float[][] queries, int[][] truth) throws IOException {
        long bytes = 0;
        long vex = 0;
        for (String file : dir.listAll()) {
            long len = dir.fileLength(file);
            bytes += len;
            if (file.endsWith(".vex")) {
                vex += len;
            }
        }
        List<String> rows = new ArrayList<>();
        try (DirectoryReader reader = DirectoryReader.open(dir)) {
            int[] ids = idsByDoc(reader);
            var searcher = new IndexSearcher(reader);
            int segments = reader.leaves().size();
            out.printf(Locale.ROOT, "%s: %d segment(s), build %.1f s, force-merge %.1f s, %.0f bytes/vector on disk (graph .vex: %s)%n",
                    layout, segments, buildS, mergeS, (double) bytes / n,
                    vex == 0 ? "inside compound files" : String.format(Locale.ROOT, "%.0f", (double) vex / n));
            out.printf(Locale.ROOT, "  %-10s %-10s %-8s %-8s %-12s %-12s%n",
                    "candidates", "recall@10", "p50 ms", "p99 ms", "cpu p50 ms", "cpu p99 ms");
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (int c : candidates) {
                search(searcher, queries, c, ids, truth); // warm-up pass
                long[] wall = new long[queries.length];
                long[] cpu = new long[queries.length];
                double hits = 0;
                for (int q = 0; q < queries.length; q++) {
                    long c0 = threads.getCurrentThreadCpuTime();
                    long s0 = System.nanoTime();
                    TopDocs top = searcher.search(new KnnFloatVectorQuery(FIELD, queries[q], c), K);
                    wall[q] = System.nanoTime() - s0;
                    cpu[q] = threads.getCurrentThreadCpuTime() - c0;
                    hits += overlap(top, ids, truth[q]);
                }
                double recall = hits / (queries.length * (double) K);
                double p50 = percentile(wall, 0.50);
                double p99 = percentile(wall, 0.99);
                double cpu50 = percentile(cpu, 0.50);
                double cpu99 = percentile(cpu, 0.99);
                out.printf(Locale.ROOT, "  %-10d %-10.4f %-8.2f %-8.2f %-12.2f %-12.2f%n", c, recall, p50, p99, cpu50, cpu99);
                rows.add(String.format(Locale.ROOT, "%d,%s,%d,%d,%.4f,%.3f,%.3f,%.3f,%.3f,%.1f,%.1f,%.0f,%.0f",
                        n, layout, segments, c, recall, p50, p99, cpu50, cpu99, buildS, mergeS, (double) bytes / n,
                        (double) vex / n));
            }
        }
        return rows;
    }

    /** Nearest-rank percentile of the values, in milliseconds; sorts the array. */
    private static double percentile(long[] nanos, double p) {
        Arrays.sort(nanos);
        return nanos[(int) Math.ceil(nanos.length * p) - 1] / 1e6;
    }

    private static void search(IndexSearcher searcher, float[][] queries, int c, int[] ids, int[][] truth)
            throws IOException {
        for (int q = 0; q < queries.length; q++) {
            overlap(searcher.search(new KnnFloatVectorQuery(FIELD, queries[q], c), K), ids, truth[q]);
        }
    }

    private static int overlap(TopDocs top, int[] ids, int[] exact) {
        int hit = 0;
        for (ScoreDoc sd : top.scoreDocs) {
            int id = ids[sd.doc];
            for (int e : exact) {
                if (e == id) {
                    hit++;
                    break;
                }
            }
        }
        return hit;
    }

    private static int[] idsByDoc(DirectoryReader reader) throws IOException {
        int[] ids = new int[reader.maxDoc()];
        for (LeafReaderContext leaf : reader.leaves()) {
            NumericDocValues dv = leaf.reader().getNumericDocValues(ID);
            for (int d = dv.nextDoc(); d != NumericDocValues.NO_MORE_DOCS; d = dv.nextDoc()) {
                ids[leaf.docBase + d] = (int) dv.longValue();
            }
        }
        return ids;
    }

    /** Exact top K by dot product, on two threads (the queries are split between them). */
    private static int[][] exactTopK(float[][] docs, float[][] queries) throws Exception {
        int[][] truth = new int[queries.length][];
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int first = t;
                parts.add(pool.submit(() -> {
                    for (int q = first; q < queries.length; q += 2) {
                        truth[q] = topK(docs, queries[q]);
                    }
                }));
            }
            for (Future<?> f : parts) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return truth;
    }

    private static int[] topK(float[][] docs, float[] q) {
        int[] best = new int[K];
        float[] score = new float[K];
        Arrays.fill(score, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < docs.length; i++) {
            float s = VectorUtil.dotProduct(docs[i], q);
            if (s > score[K - 1]) {
                int j = K - 1;
                while (j > 0 && score[j - 1] < s) {
                    score[j] = score[j - 1];
                    best[j] = best[j - 1];
                    j--;
                }
                score[j] = s;
                best[j] = i;
            }
        }
        return best;
    }

    private float[][] sample(SplittableRandom rnd, float[][] centroids, int n) {
        float[][] v = new float[n][];
        for (int i = 0; i < n; i++) {
            float[] c = centroids[rnd.nextInt(centroids.length)];
            float[] x = gaussian(rnd, noise / Math.sqrt(dim));
            for (int d = 0; d < dim; d++) {
                x[d] += c[d];
            }
            VectorUtil.l2normalize(x);
            v[i] = x;
        }
        return v;
    }

    private float[] gaussian(SplittableRandom rnd, double sigma) {
        float[] x = new float[dim];
        for (int d = 0; d < dim; d++) {
            // Box-Muller; one value per draw keeps the stream simple and seeded.
            double u = 1.0 - rnd.nextDouble();
            double g = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
            x[d] = (float) (g * sigma);
        }
        return x;
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
