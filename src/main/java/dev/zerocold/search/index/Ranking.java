package dev.zerocold.search.index;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.QueryBuilder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a collection ranks a query.
 * <ul>
 *   <li>dense: the {@code top_k} nearest vectors by HNSW ({@link KnnFloatVectorQuery}, the filter applied
 *       inside the graph search, so {@code top_k} matching documents are found when that many match);
 *       the score is the cosine similarity, in [-1, 1];</li>
 *   <li>lexical: BM25 (Lucene's {@code BM25Similarity}, k1 = 1.2, b = 0.75) over the text, the query
 *       analysed like the documents and its terms OR-ed (no query syntax); the score is BM25's;</li>
 *   <li>hybrid: both lists, each fetched to {@link #depth} ranks, fused by reciprocal rank
 *       (Cormack et al., 2009): {@code score(d) = Σ 1 / (RRF_K + rank(d))} over the lists that hold d,
 *       ranks from 1, {@link #RRF_K} = 60; ties go to the better dense rank, then to the id.</li>
 * </ul>
 * The metadata filter (every field equal) applies in all modes. Stateless.
 */
final class Ranking {

    /** The rank constant of reciprocal rank fusion (the paper's value). */
    static final int RRF_K = 60;
    /** Hybrid fetches each list to {@code max(top_k * DEPTH_FACTOR, MIN_DEPTH)} ranks. */
    static final int DEPTH_FACTOR = 4;
    static final int MIN_DEPTH = 50;

    private Ranking() {
    }

    static int depth(int topK) {
        return Math.max(topK * DEPTH_FACTOR, MIN_DEPTH);
    }

    static List<Hit> search(IndexSearcher searcher, Analyzer analyzer, SearchQuery query,
                            CollectionIndex.StoredReader stored) throws IOException {
        Query filter = filter(query.filter());
        return switch (query.mode()) {
            case DENSE -> hits(searcher, stored, dense(searcher, query.vector(), query.topK(), filter), true);
            case LEXICAL -> hits(searcher, stored, lexical(searcher, analyzer, query.text(), query.topK(), filter), false);
            case HYBRID -> fused(searcher, stored, query.topK(),
                    dense(searcher, query.vector(), depth(query.topK()), filter),
                    lexical(searcher, analyzer, query.text(), depth(query.topK()), filter));
        };
    }

    private static Query filter(Map<String, String> terms) {
        if (terms == null || terms.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        terms.forEach((field, term) -> all.add(new TermQuery(new Term(IndexedFields.META_PREFIX + field, term)),
                BooleanClause.Occur.FILTER));
        return all.build();
    }

    /**
     * The {@code k} nearest vectors, searched with at least {@value #MIN_DEPTH} candidates: Lucene's
     * HNSW search keeps {@code k} candidates, and with 10 it finds 87-90% of the true 10 nearest at
     * 100k vectors, with 50 99.95% at a p99 of 5 ms (benchmarks/ann/README.md).
     */
    private static ScoreDoc[] dense(IndexSearcher searcher, float[] vector, int k, Query filter) throws IOException {
        int candidates = Math.max(k, MIN_DEPTH);
        ScoreDoc[] found = searcher.search(new KnnFloatVectorQuery(IndexedFields.VECTOR, vector, candidates, filter),
                candidates).scoreDocs;
        return found.length <= k ? found : java.util.Arrays.copyOf(found, k);
    }

    private static ScoreDoc[] lexical(IndexSearcher searcher, Analyzer analyzer, String text, int k, Query filter)
            throws IOException {
        Query terms = new QueryBuilder(analyzer).createBooleanQuery(IndexedFields.TEXT, text);
        if (terms == null) {
            return new ScoreDoc[0];  // nothing left after analysis (stop words only)
        }
        Query query = filter == null ? terms : new BooleanQuery.Builder().add(terms, BooleanClause.Occur.MUST)
                .add(filter, BooleanClause.Occur.FILTER).build();
        return searcher.search(query, k).scoreDocs;
    }

    private static List<Hit> hits(IndexSearcher searcher, CollectionIndex.StoredReader stored, ScoreDoc[] docs,
                                  boolean cosine) throws IOException {
        List<Hit> hits = new ArrayList<>(docs.length);
        for (ScoreDoc doc : docs) {
            // DOT_PRODUCT scores (1 + cos) / 2; the answer gives the cosine back
            hits.add(hit(stored.load(searcher, doc.doc), cosine ? 2.0 * doc.score - 1.0 : doc.score));
        }
        return hits;
    }

    private static List<Hit> fused(IndexSearcher searcher, CollectionIndex.StoredReader stored, int topK,
                                   ScoreDoc[] dense, ScoreDoc[] lexical) throws IOException {
        Map<Integer, Double> scores = new LinkedHashMap<>();
        Map<Integer, Integer> denseRank = new HashMap<>();
        for (int r = 0; r < dense.length; r++) {
            scores.merge(dense[r].doc, 1.0 / (RRF_K + r + 1), Double::sum);
            denseRank.put(dense[r].doc, r);
        }
        for (int r = 0; r < lexical.length; r++) {
            scores.merge(lexical[r].doc, 1.0 / (RRF_K + r + 1), Double::sum);
        }
        Map<Integer, String> ids = new HashMap<>();
        for (Integer doc : scores.keySet()) {
            ids.put(doc, searcher.storedFields().document(doc, java.util.Set.of(IndexedFields.ID)).get(IndexedFields.ID));
        }
        List<Integer> order = new ArrayList<>(scores.keySet());
        order.sort(Comparator.<Integer>comparingDouble(scores::get).reversed()
                .thenComparingInt(doc -> denseRank.getOrDefault(doc, Integer.MAX_VALUE))
                .thenComparing(ids::get));
        List<Hit> hits = new ArrayList<>(Math.min(topK, order.size()));
        for (Integer doc : order.subList(0, Math.min(topK, order.size()))) {
            hits.add(hit(stored.load(searcher, doc), scores.get(doc)));
        }
        return hits;
    }

    private static Hit hit(CollectionDocument document, double score) {
        return new Hit(document.id(), score, document.text(), document.metadata());
    }
}
