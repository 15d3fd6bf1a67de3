package dev.zerocold.search.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zerocold.common.InvalidInputException;
import dev.zerocold.common.ItemNotFoundException;
import dev.zerocold.common.ModelConflictException;
import dev.zerocold.common.ModelNotFoundException;
import dev.zerocold.common.PayloadTooLargeException;
import dev.zerocold.common.ZerocoldException;
import dev.zerocold.search.index.CollectionDocument;
import dev.zerocold.search.index.Hit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The collection service with a fake embedder: what is checked before embedding, and what is written. */
class SearchServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Small bounds, so each is easy to cross: 3 collections, 5 documents each, 3 per request. */
    private static final SearchLimits LIMITS = new SearchLimits(3, 5, 3, 100, 50, 2, 10, 20, 5, 12,
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}"), Duration.ofSeconds(5));

    @TempDir
    Path root;
    private final FakeEmbedder embedder = new FakeEmbedder();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private CollectionService service;

    @BeforeEach
    void start() {
        service = new CollectionService(LIMITS, root, embedder, registry);
    }

    @AfterEach
    void stop() throws IOException {
        service.close();
    }

    @Test
    void createPinsTheVersionAndConfirmsOrConflicts() {
        CollectionService.Outcome created = service.createOrConfirm("docs", "fake", null);
        assertTrue(created.created());
        assertEquals("2", created.collection().version(), "the model's default at creation is pinned");
        assertEquals(FakeEmbedder.DIMENSIONS, created.collection().dimensions());
        assertFalse(service.createOrConfirm("docs", "fake", null).created());
        assertFalse(service.createOrConfirm("docs", "fake", "2").created());
        assertStatus(409, () -> service.createOrConfirm("docs", "fake", "1"));
        assertStatus(409, () -> service.createOrConfirm("docs", "other", null));
        assertThrows(ModelNotFoundException.class, () -> service.createOrConfirm("x", "nope", null));
        assertThrows(ModelNotFoundException.class, () -> service.createOrConfirm("x", "fake", "9"));
        assertThrows(InvalidInputException.class, () -> service.createOrConfirm("x", "sentiment", null));
        assertStatus(400, () -> service.createOrConfirm("../x", "fake", null));
        assertStatus(400, () -> service.createOrConfirm(".hidden", "fake", null));
        assertEquals(List.of("docs"), service.list().stream().map(CollectionInfo::name).toList());
    }

    @Test
    void aBadBulkIsRefusedWholeBeforeAnythingIsEmbedded() {
        service.createOrConfirm("docs", "fake", null);
        service.upsert("docs", List.of(doc("keep", "kept text", "{}")));
        int calls = embedder.embedCalls.get();
        assertStatus(400, () -> service.upsert("docs", List.of()));
        assertStatus(400, () -> service.upsert("docs", null));
        assertStatus(400, () -> service.upsert("docs", List.of(doc("a", "one", "{}"), doc("a", "two", "{}"))));
        assertStatus(400, () -> service.upsert("docs", List.of(doc("a", "one", "{}"), doc("b", "  ", "{}"))));
        assertStatus(400, () -> service.upsert("docs", List.of(doc("a", "x".repeat(101), "{}"))));
        assertStatus(400, () -> service.upsert("docs", List.of(doc("a b", "one", "{}"))));
        assertStatus(400, () -> service.upsert("docs", List.of(doc("a".repeat(13), "one", "{}"))));
        assertStatus(400, () -> service.upsert("docs", List.of(doc("a", "one", "{\"x\": {\"y\": 1}}"))));
        assertStatus(400, () -> service.upsert("docs", List.of(doc("a", "one", "{\"x\": [1]}"))));
        assertStatus(400, () -> service.upsert("docs", List.of(doc("a", "one", "{\"x\": null}"))));
        assertStatus(400, () -> service.upsert("docs", List.of(doc("a", "one", "{\"x\": 1, \"y\": 2, \"z\": 3}"))));
        assertStatus(400, () -> service.upsert("docs", List.of(doc("a", "one", "{\"abcdefghijk\": 1}"))));
        assertStatus(400, () -> service.upsert("docs", List.of(doc("a", "one", "{\"x\": \"" + "v".repeat(21) + "\"}"))));
        assertStatus(413, () -> service.upsert("docs", List.of(doc("a", "1", "{}"), doc("b", "2", "{}"),
                doc("c", "3", "{}"), doc("d", "4", "{}"))));
        List<CollectionDocument> withNull = new ArrayList<>();
        withNull.add(null);
        assertStatus(400, () -> service.upsert("docs", withNull));
        assertStatus(404, () -> service.upsert("nope", List.of(doc("a", "one", "{}"))));
        assertEquals(calls, embedder.embedCalls.get(), "nothing was embedded");
        assertEquals(1, service.info("docs").documents());
    }

    @Test
    void aBulkWhoseEmbeddingFailsWritesNothing() {
        service.createOrConfirm("docs", "fake", null);
        assertStatus(400, () -> service.upsert("docs", List.of(doc("a", "fine", "{}"), doc("b", "EXPLODE", "{}"))));
        assertEquals(0, service.info("docs").documents());
        assertStatus(404, () -> service.document("docs", "a"));
    }

    @Test
    void upsertGetDeleteAndTheDocumentLimit() {
        service.createOrConfirm("docs", "fake", null);
        assertEquals(3, service.upsert("docs", List.of(doc("a", "red apples", "{\"n\": 1}"),
                doc("b", "green pears", "{}"), doc("c", "blue sky", "{}"))));
        assertEquals(2, service.upsert("docs", List.of(doc("a", "ripe red apples", "{\"n\": 2}"), doc("d", "grey rain", "{}"))));
        CollectionDocument a = service.document("docs", "a");
        assertEquals("ripe red apples", a.text());
        assertEquals(2, a.metadata().get("n").asInt());
        assertEquals(4, service.info("docs").documents());
        assertEquals(5.0, registry.get("zerocold.search.documents.upserted").counter().count());
        // 4 live, limit 5: two new ids are one too many, and nothing of the bulk is written
        assertStatus(400, () -> service.upsert("docs", List.of(doc("e", "one", "{}"), doc("f", "two", "{}"))));
        assertStatus(404, () -> service.document("docs", "e"));
        service.deleteDocument("docs", "b");
        assertStatus(404, () -> service.deleteDocument("docs", "b"));
        assertEquals(3, service.info("docs").documents());
        service.delete("docs");
        assertStatus(404, () -> service.info("docs"));
        assertStatus(404, () -> service.delete("docs"));
    }

    @Test
    void theCollectionLimit() {
        service.createOrConfirm("a", "fake", null);
        service.createOrConfirm("b", "fake", null);
        service.createOrConfirm("c", "fake", null);
        ZerocoldException refused = assertStatus(400, () -> service.createOrConfirm("d", "fake", null));
        assertTrue(refused.getMessage().contains("zerocold.search.max-collections"), refused.getMessage());
    }

    @Test
    void queriesInEachModeAndTheirChecks() {
        service.createOrConfirm("docs", "fake", null);
        service.upsert("docs", List.of(doc("a", "red apples", "{\"kind\": \"fruit\"}"),
                doc("b", "green pears", "{\"kind\": \"fruit\"}"), doc("c", "blue sky", "{\"kind\": \"sky\"}")));
        assertEquals("a", service.query("docs", new QueryInput("red apples", null, 1, null, null)).get(0).id());
        assertEquals("a", service.query("docs", new QueryInput("red apples", null, 1, null, "dense")).get(0).id());
        assertEquals("c", service.query("docs", new QueryInput("the sky", null, 1, null, "lexical")).get(0).id());
        double[] sky = toDoubles(FakeEmbedder.vector("blue sky"));
        List<Hit> byVector = service.query("docs", new QueryInput(null, sky, 5, null, "dense"));
        assertEquals("c", byVector.get(0).id());
        assertEquals(1.0, byVector.get(0).score(), 1e-5);
        ObjectNode fruit = object("{\"kind\": \"fruit\"}");
        assertEquals(List.of("a", "b"), service.query("docs", new QueryInput(null, sky, 5, fruit, "dense"))
                .stream().map(Hit::id).sorted().toList());
        assertEquals(1L, registry.get("zerocold.search.queries").tag("mode", "lexical").timer().count());

        assertStatus(400, () -> service.query("docs", new QueryInput(null, null, 5, null, null)));
        assertStatus(400, () -> service.query("docs", new QueryInput("x", sky, 5, null, "dense")));
        assertStatus(400, () -> service.query("docs", new QueryInput(null, sky, 5, null, null)));
        assertStatus(400, () -> service.query("docs", new QueryInput(null, sky, 5, null, "lexical")));
        assertStatus(400, () -> service.query("docs", new QueryInput(null, new double[] {1, 0}, 5, null, "dense")));
        assertStatus(400, () -> service.query("docs", new QueryInput(null, new double[8], 5, null, "dense")));
        assertStatus(400, () -> service.query("docs", new QueryInput("x", null, 0, null, null)));
        assertStatus(400, () -> service.query("docs", new QueryInput("x", null, -1, null, null)));
        assertStatus(400, () -> service.query("docs", new QueryInput("x", null, 6, null, null)));
        assertStatus(400, () -> service.query("docs", new QueryInput("x", null, 5, null, "HYBRID")));
        assertStatus(400, () -> service.query("docs", new QueryInput("   ", null, 5, null, null)));
        assertStatus(400, () -> service.query("docs", new QueryInput("q".repeat(51), null, 5, null, null)));
        assertStatus(400, () -> service.query("docs", new QueryInput("x", null, 5, object("{\"kind\": [1]}"), null)));
        ZerocoldException unknown = assertStatus(400, () -> service.query("docs",
                new QueryInput("x", null, 5, object("{\"colour\": \"red\"}"), "lexical")));
        assertTrue(unknown.getMessage().contains("filter.colour"), unknown.getMessage());
        assertStatus(404, () -> service.query("nope", new QueryInput("x", null, 5, null, null)));
    }

    private static ZerocoldException assertStatus(int status, Executable call) {
        ZerocoldException e = assertThrows(ZerocoldException.class, call);
        assertEquals(status, e.status(), e.getMessage());
        if (status == 404 && !(e instanceof ItemNotFoundException)) {
            throw new AssertionError("a missing collection or document is ItemNotFound: " + e);
        }
        if (status == 409 && !(e instanceof ModelConflictException)) {
            throw new AssertionError(e);
        }
        if (status == 413 && !(e instanceof PayloadTooLargeException)) {
            throw new AssertionError(e);
        }
        return e;
    }

    private static double[] toDoubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    private static ObjectNode object(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static CollectionDocument doc(String id, String text, String metadata) {
        return new CollectionDocument(id, text, object(metadata));
    }
}
