package dev.zerocold.search.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zerocold.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The collection store on a hand-made corpus of four documents with hand-made 4-dimensional vectors,
 * whose expected orders and scores are worked out below (cosines by hand, BM25 by term frequency,
 * reciprocal rank fusion by its formula), not taken from the code under test.
 */
class SearchStoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CollectionBinding BINDING = new CollectionBinding("fake", "1", 4, Instant.parse("2026-12-06T00:00:00Z"));
    private static final float[] Q = {0.6f, 0.8f, 0, 0};

    @TempDir
    Path root;
    private CollectionStore store;

    @BeforeEach
    void corpus() throws IOException {
        store = new CollectionStore(root, 3);
        store.create("c", BINDING, b -> true);
        upsert(List.of(
                doc("a", "fox fox fox", "{\"kind\": \"animal\", \"year\": 2020, \"wild\": true}"),
                doc("b", "a fox near the river", "{\"kind\": \"animal\", \"year\": 2020.0}"),
                doc("c", "river boats", "{\"kind\": \"place\"}"),
                doc("d", "cats", "{\"kind\": \"animal\", \"year\": \"2020\"}")),
                List.of(new float[] {1, 0, 0, 0}, new float[] {0.6f, 0.8f, 0, 0}, new float[] {0.8f, 0.6f, 0, 0},
                        new float[] {0, 0, 2, 0}));  // d is not unit length: the store normalises
    }

    @AfterEach
    void close() throws IOException {
        store.close();
    }

    @Test
    void denseRanksByCosine() {
        List<Hit> hits = search(SearchMode.DENSE, null, Q, 10, Map.of());
        assertEquals(List.of("b", "c", "a", "d"), ids(hits));
        // cos(q, b) = 1, cos(q, c) = .48 + .48, cos(q, a) = .6, cos(q, d) = 0
        double[] expected = {1.0, 0.96, 0.6, 0.0};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], hits.get(i).score(), 1e-5, hits.get(i).id());
        }
        assertEquals(List.of("b", "c"), ids(search(SearchMode.DENSE, null, Q, 2, Map.of())));
    }

    @Test
    void lexicalIsBm25OverStemmedText() {
        // a holds "fox" three times in three terms, b once in three ("a", "the" are stop words); c, d never
        assertEquals(List.of("a", "b"), ids(search(SearchMode.LEXICAL, "fox", null, 10, Map.of())));
        // EnglishAnalyzer: "Rivers" stems to what b and c hold; c is the shorter (2 terms to 3)
        assertEquals(List.of("c", "b"), ids(search(SearchMode.LEXICAL, "Rivers", null, 10, Map.of())));
        assertEquals(List.of(), ids(search(SearchMode.LEXICAL, "the and of", null, 10, Map.of())));
    }

    @Test
    void hybridFusesTheRanksReciprocally() {
        // dense: b c a d; lexical: a b. RRF with k = 60: b = 1/61 + 1/62, a = 1/63 + 1/61, c = 1/62, d = 1/64
        List<Hit> hits = search(SearchMode.HYBRID, "fox", Q, 10, Map.of());
        assertEquals(List.of("b", "a", "c", "d"), ids(hits));
        double[] expected = {1.0 / 61 + 1.0 / 62, 1.0 / 63 + 1.0 / 61, 1.0 / 62, 1.0 / 64};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], hits.get(i).score(), 1e-12, hits.get(i).id());
        }
        assertEquals(List.of("b", "a"), ids(search(SearchMode.HYBRID, "fox", Q, 2, Map.of())));
    }

    @Test
    void filterIsExactEqualityInEveryMode() {
        Map<String, String> animals = Map.of("kind", "s:animal");
        assertEquals(List.of("b", "a", "d"), ids(search(SearchMode.DENSE, null, Q, 10, animals)));
        assertEquals(List.of("b", "a", "d"), ids(search(SearchMode.HYBRID, "fox", Q, 10, animals)));
        assertEquals(List.of("c", "b"), ids(search(SearchMode.LEXICAL, "river", null, 10, Map.of())));
        assertEquals(List.of("c"), ids(search(SearchMode.LEXICAL, "river", null, 10, Map.of("kind", "s:place"))));
        // 2020 and 2020.0 are one number; the string "2020" is not it
        assertEquals(List.of("b", "a"), ids(search(SearchMode.DENSE, null, Q, 10, Map.of("year", "n:2020"))));
        assertEquals(List.of("d"), ids(search(SearchMode.DENSE, null, Q, 10, Map.of("year", "s:2020"))));
        assertEquals(List.of("a"), ids(search(SearchMode.DENSE, null, Q, 10, Map.of("year", "n:2020", "wild", "b:true"))));
        assertEquals(List.of(), ids(search(SearchMode.DENSE, null, Q, 10, Map.of("kind", "s:nothing"))));
        assertEquals(List.of("colour"), store.use("c", i -> i.unknownFields(List.of("kind", "colour", "wild"))).orElseThrow());
    }

    @Test
    void upsertReplacesByIdAndDeleteRemoves() throws IOException {
        CollectionIndex index = index();
        upsert(List.of(doc("a", "cats and more cats", "{\"kind\": \"pet\"}")), List.of(new float[] {0.1f, 0, 1, 0}));
        assertEquals(4, index.count());
        CollectionDocument a = index.get("a").orElseThrow();
        assertEquals("cats and more cats", a.text());
        assertEquals("pet", a.metadata().get("kind").asText());
        assertEquals(List.of("a", "d"), ids(search(SearchMode.LEXICAL, "cat", null, 10, Map.of())).stream().sorted().toList());
        assertEquals(List.of(), ids(search(SearchMode.LEXICAL, "fox fox", null, 10, Map.of("kind", "s:place"))));
        assertEquals(List.of("wild"), index.unknownFields(List.of("wild")), "the old version of a is gone");

        assertTrue(index.delete("b"));
        assertFalse(index.delete("b"));
        assertTrue(index.get("b").isEmpty());
        assertEquals(3, index.count());
        assertEquals(List.of("c", "a", "d"), ids(search(SearchMode.DENSE, null, Q, 10, Map.of())));
    }

    @Test
    void documentsAndResultsSurviveCloseAndReopen() throws IOException {
        List<Hit> before = search(SearchMode.HYBRID, "fox", Q, 10, Map.of("kind", "s:animal"));
        store.close();
        store = new CollectionStore(root, 3);
        assertEquals(List.of("c"), List.copyOf(store.collections().keySet()));
        assertEquals(BINDING, index().binding());
        assertEquals(4, index().count());
        List<Hit> after = search(SearchMode.HYBRID, "fox", Q, 10, Map.of("kind", "s:animal"));
        assertEquals(ids(before), ids(after));
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.get(i).score(), after.get(i).score(), 1e-12);
            assertEquals(before.get(i).metadata(), after.get(i).metadata());
        }
    }

    @Test
    void aBulkThatFailsMidwayWritesNothing() throws IOException {
        // the third document's metadata term is beyond Lucene's term limit: updateDocument fails on it,
        // after the first two were added to the writer
        String immense = "x".repeat(40_000);
        List<CollectionDocument> bulk = List.of(doc("new1", "owls", "{}"), doc("a", "replaced", "{}"),
                doc("new2", "bats", "{\"k\": \"" + immense + "\"}"));
        List<float[]> vectors = List.of(new float[] {0, 0, 0, 1}, new float[] {0, 0, 0, 1}, new float[] {0, 0, 0, 1});
        assertThrows(IllegalArgumentException.class, () -> index().upsert(bulk, vectors, 100));
        assertUnchanged(4);
        // the next write commits only itself: the failed bulk's first two documents were rolled back
        upsert(List.of(doc("later", "moths", "{}")), List.of(new float[] {0, 0, 0, 1}));
        assertUnchanged(5);
        store.close();
        store = new CollectionStore(root, 3);
        assertUnchanged(5);
    }

    private void assertUnchanged(int count) {
        CollectionIndex index = index();
        assertEquals(count, index.count());
        assertTrue(index.get("new1").isEmpty());
        assertEquals("fox fox fox", index.get("a").orElseThrow().text());
        assertEquals(List.of(), ids(search(SearchMode.LEXICAL, "owls replaced", null, 10, Map.of())));
    }

    @Test
    void boundsOnDocumentsCollectionsAndDimensions() throws IOException {
        CollectionIndex index = index();
        // 4 live; replacing a and b adds none, so 4 is within a limit of 4; one new id is not
        assertEquals(2, index.upsert(List.of(doc("a", "x", "{}"), doc("b", "y", "{}")),
                List.of(new float[] {1, 0, 0, 0}, new float[] {1, 0, 0, 0}), 4));
        CollectionFullException full = assertThrows(CollectionFullException.class,
                () -> index.upsert(List.of(doc("a", "z", "{}"), doc("e", "z", "{}")),
                        List.of(new float[] {1, 0, 0, 0}, new float[] {1, 0, 0, 0}), 4));
        assertEquals(1, full.added());
        assertEquals("x", index.get("a").orElseThrow().text(), "nothing of the refused bulk is written");
        assertThrows(IllegalArgumentException.class, () -> index.upsert(List.of(doc("e", "z", "{}")),
                List.of(new float[] {1, 0, 0}), 100));

        store.create("d", BINDING, b -> true);
        store.create("e", BINDING, b -> true);
        assertThrows(CollectionStore.TooManyCollectionsException.class, () -> store.create("f", BINDING, b -> true));
        assertFalse(store.create("e", BINDING, b -> true).created());
        CollectionBinding other = new CollectionBinding("other", "1", 4, Instant.now());
        assertThrows(CollectionStore.BindingConflictException.class, () -> store.create("e", other, other::equals));
    }

    @Test
    void deleteRemovesTheFolderAndLeftoversGoAtStartup() throws IOException {
        store.create("gone", BINDING, b -> true);
        assertTrue(Files.isDirectory(root.resolve("gone")));
        assertTrue(store.delete("gone"));
        assertFalse(store.delete("gone"));
        assertFalse(Files.exists(root.resolve("gone")));
        assertTrue(store.use("gone", CollectionIndex::count).isEmpty());
        store.close();
        Files.createDirectories(root.resolve("half-created/index"));
        Files.createDirectories(root.resolve(".deleting-x-0-1/index"));
        store = new CollectionStore(root, 3);
        assertEquals(List.of("c"), CollectionStore.names(root));
        assertFalse(Files.exists(root.resolve("half-created")));
        assertFalse(Files.exists(root.resolve(".deleting-x-0-1")));
    }

    @Test
    void aStoreResumedOnAnEmptyStateDirectoryStartsWithNoCollections() throws Exception {
        store.suspend();
        try (Stream<Path> files = Files.walk(root)) {  // a restore on a new volume
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
        store.resume();
        assertTrue(store.use("c", CollectionIndex::count).isEmpty(), "the vanished collection is gone");
        store.create("new", BINDING, b -> true);
        assertEquals(List.of("new"), CollectionStore.names(root));
    }

    @Test
    void aSuspendedStoreMakesUsersWaitUntilItResumes() throws Exception {
        CollectionIndex before = index();
        store.suspend();
        assertTrue(before.isClosed(), "the index's files are released for the snapshot");
        AtomicInteger count = new AtomicInteger(-1);
        Thread user = new Thread(() -> count.set(store.use("c", CollectionIndex::count).orElseThrow()));
        user.start();
        Await.until("the user waiting at the gate", () -> user.getState() == Thread.State.WAITING);
        assertEquals(-1, count.get());
        store.resume();
        user.join(10_000);
        assertEquals(4, count.get());
        assertFalse(index().isClosed());
    }

    private CollectionIndex index() {
        return store.use("c", i -> i).orElseThrow();
    }

    private void upsert(List<CollectionDocument> documents, List<float[]> vectors) throws IOException {
        index().upsert(documents, vectors, 100);
    }

    private List<Hit> search(SearchMode mode, String text, float[] vector, int k, Map<String, String> filter) {
        float[] unit = vector == null ? null : CollectionIndex.normalised(vector);
        return store.use("c", i -> i.search(new SearchQuery(mode, text, unit, k, filter))).orElseThrow();
    }

    private static List<String> ids(List<Hit> hits) {
        return hits.stream().map(Hit::id).toList();
    }

    private static CollectionDocument doc(String id, String text, String metadata) {
        try {
            return new CollectionDocument(id, text, (ObjectNode) JSON.readTree(metadata));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
