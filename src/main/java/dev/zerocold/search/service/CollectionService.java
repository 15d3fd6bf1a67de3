package dev.zerocold.search.service;

import dev.zerocold.common.InvalidInputException;
import dev.zerocold.common.ItemNotFoundException;
import dev.zerocold.common.ModelConflictException;
import dev.zerocold.runtime.ModelsConfig;
import dev.zerocold.runtime.snapshot.Snapshot;
import dev.zerocold.search.SearchConfig;
import dev.zerocold.search.index.CollectionBinding;
import dev.zerocold.search.index.CollectionDocument;
import dev.zerocold.search.index.CollectionFullException;
import dev.zerocold.search.index.CollectionIndex;
import dev.zerocold.search.index.CollectionStore;
import dev.zerocold.search.index.Hit;
import dev.zerocold.search.index.SearchMode;
import dev.zerocold.search.index.SearchQuery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.crac.Context;
import org.crac.Resource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Semantic-search collections: creation bound to an embedding model version, bulk upserts (checked
 * whole, then embedded, then written and committed, all or nothing), reads, deletes and queries in
 * three modes ({@link SearchMode}). Collections live under
 * {@code <zerocold.models.state-dir>/collections/} and are opened at startup. For a process snapshot
 * every collection is closed and reopened after the restore; requests meanwhile wait
 * ({@link CollectionStore#suspend}). Vectors come from the {@link DocumentEmbedder}. Thread-safe.
 */
@Startup
@ApplicationScoped
@Priority(Snapshot.RESOURCES)
public class CollectionService implements Resource {

    private final SearchLimits limits;
    private final DocumentRules rules;
    private final DocumentEmbedder embedder;
    private final CollectionStore store;
    private final EmbeddingCalls embedding;
    private final Map<SearchMode, Timer> queries = new EnumMap<>(SearchMode.class);
    private final Counter upserted;

    @Inject
    public CollectionService(SearchConfig config, ModelsConfig models, DocumentEmbedder embedder,
                             MeterRegistry registry) {
        this(SearchLimits.of(config), models.stateDir().resolve("collections"), embedder, registry);
    }

    /** A service on {@code root} with its own limits (tests). */
    public CollectionService(SearchLimits limits, Path root, DocumentEmbedder embedder, MeterRegistry registry) {
        this.limits = limits;
        this.rules = new DocumentRules(limits);
        this.embedder = embedder;
        this.embedding = new EmbeddingCalls(limits.embedTimeout());
        try {
            this.store = new CollectionStore(root, limits.maxCollections());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the collections under " + root, e);
        }
        for (SearchMode mode : SearchMode.values()) {
            queries.put(mode, Timer.builder("zerocold.search.queries").description("Collection queries, by mode")
                    .tag("mode", mode.wireName()).register(registry));
        }
        upserted = Counter.builder("zerocold.search.documents.upserted")
                .description("Documents written to collections (acknowledged, committed)").register(registry);
        Gauge.builder("zerocold.search.collections", store, CollectionStore::size)
                .description("Open collections").register(registry);
    }

    /** The outcome of {@link #createOrConfirm}. */
    public record Outcome(CollectionInfo collection, boolean created) {
    }

    /**
     * Creates {@code name} bound to {@code model} at {@code version} (null: the version the model
     * resolves to now, pinned), or confirms it when it exists bound to that model (and to that
     * version, if one is given).
     */
    public Outcome createOrConfirm(String name, String model, String version) {
        rules.name(name);
        if (model == null || model.isBlank()) {
            throw new InvalidInputException("model is required");
        }
        if (version != null && version.isBlank()) {
            throw new InvalidInputException("version must not be blank when given");
        }
        Optional<CollectionBinding> existing = store.use(name, CollectionIndex::binding);
        if (existing.isPresent()) {
            requireSame(name, existing.get(), model, version);
            return new Outcome(info(name), false);
        }
        EmbeddingModelRef ref = embedding.await(embedder.bind(model, version), model, version);
        CollectionBinding binding = new CollectionBinding(model, ref.version(), ref.dimensions(), Instant.now());
        CollectionStore.Created created;
        try {
            created = store.create(name, binding, b -> same(b, model, version));
        } catch (CollectionStore.BindingConflictException e) {
            requireSame(name, e.existing(), model, version);
            throw e;
        } catch (CollectionStore.TooManyCollectionsException e) {
            throw new InvalidInputException("there are " + e.limit() + " collections already, the most allowed "
                    + "(zerocold.search.max-collections); delete one first");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Outcome(info(name), created.created());
    }

    /** Every collection, by name; one deleted meanwhile is left out. */
    public List<CollectionInfo> list() {
        return store.collections().keySet().stream()
                .flatMap(name -> store.use(name, index -> info(index, name)).stream()).toList();
    }

    public CollectionInfo info(String name) {
        rules.name(name);
        return existing(name, index -> info(index, name));
    }

    public void delete(String name) {
        rules.name(name);
        try {
            if (!store.delete(name)) {
                throw notFound(name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds or replaces every document, answering only once all are committed; nothing is written on any failure. */
    public int upsert(String name, List<CollectionDocument> documents) {
        rules.name(name);
        List<CollectionDocument> checked = rules.documents(documents);
        CollectionBinding binding = existing(name, CollectionIndex::binding);
        List<float[]> vectors = embedding.vectors(embedder, binding, checked.stream().map(CollectionDocument::text).toList(),
                "documents");
        int written = existing(name, index -> {
            sameCollection(name, index, binding);
            try {
                return index.upsert(checked, vectors, limits.maxDocumentsPerCollection());
            } catch (CollectionFullException e) {
                throw new InvalidInputException("collection '" + name + "' holds " + e.live() + " documents; "
                        + e.added() + " new ones would exceed " + e.limit() + " (zerocold.search.max-documents-per-collection)");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        upserted.increment(written);
        return written;
    }

    public CollectionDocument document(String name, String id) {
        rules.name(name);
        rules.id(id, "id");
        return existing(name, index -> index.get(id)).orElseThrow(() -> documentNotFound(name, id));
    }

    public void deleteDocument(String name, String id) {
        rules.name(name);
        rules.id(id, "id");
        boolean deleted = existing(name, index -> {
            try {
                return index.delete(id);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!deleted) {
            throw documentNotFound(name, id);
        }
    }

    /** The best documents for the query, best first. */
    public List<Hit> query(String name, QueryInput input) {
        rules.name(name);
        SearchMode mode = rules.mode(input.mode());
        rules.queryShape(input, mode);
        int topK = rules.topK(input.topK());
        String text = input.query() == null ? null
                : rules.text(input.query(), "query", limits.maxQueryLength(), "zerocold.search.max-query-length");
        Map<String, String> filter = rules.terms(input.filter(), "filter");
        CollectionBinding binding = existing(name, index -> {
            List<String> unknown = index.unknownFields(filter.keySet());
            if (!unknown.isEmpty()) {
                throw new InvalidInputException("filter." + DocumentRules.shorten(unknown.get(0))
                        + ": no document of collection '" + name + "' has this metadata field");
            }
            return index.binding();
        });
        float[] vector = null;
        if (input.vector() != null) {
            vector = CollectionIndex.normalised(rules.vector(input.vector(), binding.dimensions()));
        } else if (mode != SearchMode.LEXICAL) {
            vector = embedding.vectors(embedder, binding, List.of(text), "query").get(0);
        }
        SearchQuery query = new SearchQuery(mode, text, vector, topK, filter);
        Timer.Sample sample = Timer.start();
        try {
            return existing(name, index -> {
                sameCollection(name, index, binding);
                return index.search(query);
            });
        } finally {
            sample.stop(queries.get(mode));
        }
    }

    private <T> T existing(String name, Function<CollectionIndex, T> work) {
        return store.use(name, work).orElseThrow(() -> notFound(name));
    }

    private CollectionInfo info(CollectionIndex index, String name) {
        CollectionBinding b = index.binding();
        return new CollectionInfo(name, b.model(), b.version(), b.dimensions(), index.count(), b.created());
    }

    private static boolean same(CollectionBinding binding, String model, String version) {
        return binding.model().equals(model) && (version == null || binding.version().equals(version));
    }

    private static void requireSame(String name, CollectionBinding binding, String model, String version) {
        if (!same(binding, model, version)) {
            throw new ModelConflictException("collection '" + name + "' exists, bound to model '" + binding.model()
                    + "' version " + binding.version() + "; delete it first to bind it to another model or version",
                    binding.model(), binding.version());
        }
    }

    /** The collection was deleted and created again while the request embedded its texts. */
    private static void sameCollection(String name, CollectionIndex index, CollectionBinding binding) {
        if (!index.binding().equals(binding)) {
            throw new ModelConflictException("collection '" + name + "' was recreated during the request; retry",
                    index.binding().model(), index.binding().version());
        }
    }

    private static ItemNotFoundException notFound(String name) {
        return new ItemNotFoundException("no collection '" + name + "'", null, null);
    }

    private static ItemNotFoundException documentNotFound(String name, String id) {
        return new ItemNotFoundException("no document '" + id + "' in collection '" + name + "'", null, null);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) throws IOException {
        store.suspend();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) throws IOException {
        store.resume();
    }

    @PreDestroy
    void close() throws IOException {
        store.close();
    }
}
