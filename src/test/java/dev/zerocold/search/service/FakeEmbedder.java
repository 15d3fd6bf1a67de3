package dev.zerocold.search.service;

import dev.zerocold.common.InvalidInputException;
import dev.zerocold.common.ModelNotFoundException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test embedder (not a CDI bean): model {@code fake} (versions 1 and 2, 2 the default) maps a text
 * to the L2-normalised counts of its words hashed into 8 buckets, so texts that share words are
 * near; {@code sentiment} exists but embeds nothing; any text containing {@code EXPLODE} fails, as a
 * model failing on one item would. Thread-safe.
 */
final class FakeEmbedder implements DocumentEmbedder {

    static final int DIMENSIONS = 8;
    final AtomicInteger embedCalls = new AtomicInteger();

    @Override
    public CompletableFuture<EmbeddingModelRef> bind(String model, String version) {
        if (model.equals("sentiment")) {
            return CompletableFuture.failedFuture(new InvalidInputException("model 'sentiment' is not an embedding model"));
        }
        if (!model.equals("fake") || (version != null && !version.equals("1") && !version.equals("2"))) {
            return CompletableFuture.failedFuture(new ModelNotFoundException("no model '" + model + "'", model, version));
        }
        return CompletableFuture.completedFuture(new EmbeddingModelRef(model, version == null ? "2" : version, DIMENSIONS));
    }

    @Override
    public CompletableFuture<List<float[]>> embed(EmbeddingModelRef model, List<String> texts, String field) {
        embedCalls.incrementAndGet();
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i).contains("EXPLODE")) {
                return CompletableFuture.failedFuture(new InvalidInputException(field + "[" + i + "] cannot be embedded"));
            }
            vectors.add(vector(texts.get(i)));
        }
        return CompletableFuture.completedFuture(vectors);
    }

    static float[] vector(String text) {
        float[] v = new float[DIMENSIONS];
        for (String word : text.toLowerCase(Locale.ROOT).split("\\W+")) {
            if (!word.isEmpty()) {
                v[Math.floorMod(word.hashCode(), DIMENSIONS)] += 1;
            }
        }
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        if (norm == 0) {
            v[0] = 1;
            return v;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }
}
