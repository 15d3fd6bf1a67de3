package dev.zerocold.search.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zerocold.common.InvalidInputException;
import dev.zerocold.common.PayloadTooLargeException;
import dev.zerocold.common.Texts;
import dev.zerocold.search.index.CollectionDocument;
import dev.zerocold.search.index.MetadataTerms;
import dev.zerocold.search.index.SearchMode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks what a client sends before anything is embedded or written: collection names, whole bulks
 * of documents (ids, duplicates, texts, metadata) and queries. Each refusal names the field and, for
 * a bound, its config key. Thread-safe (immutable).
 */
final class DocumentRules {

    /** Document ids: letters, digits and {@code . _ : @ + = ~ -}, so that an id is one path segment. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@+=~-]+");
    static final int DEFAULT_TOP_K = 10;

    private final SearchLimits limits;

    DocumentRules(SearchLimits limits) {
        this.limits = limits;
    }

    void name(String name) {
        if (name == null || !limits.namePattern().matcher(name).matches()) {
            throw new InvalidInputException("collection name '" + shorten(name) + "' must match "
                    + limits.namePattern().pattern() + " (zerocold.search.name-pattern)");
        }
    }

    void id(String id, String field) {
        if (id == null || id.isEmpty()) {
            throw new InvalidInputException(field + " is required");
        }
        if (id.length() > limits.maxIdLength()) {
            throw new InvalidInputException(field + " is " + id.length() + " characters; at most "
                    + limits.maxIdLength() + " are accepted (zerocold.search.max-id-length)");
        }
        if (!ID.matcher(id).matches()) {
            throw new InvalidInputException(field + " '" + shorten(id) + "' may hold only letters, digits and . _ : @ + = ~ -");
        }
    }

    /** The bulk with texts stripped and metadata never null; refused whole on the first bad document. */
    List<CollectionDocument> documents(List<CollectionDocument> documents) {
        if (documents == null || documents.isEmpty()) {
            throw new InvalidInputException("documents must hold at least one document");
        }
        if (documents.size() > limits.maxDocumentsPerRequest()) {
            throw new PayloadTooLargeException("documents has " + documents.size() + " documents; at most "
                    + limits.maxDocumentsPerRequest() + " are accepted per request (zerocold.search.max-documents-per-request)");
        }
        Map<String, Integer> seen = new HashMap<>();
        List<CollectionDocument> checked = new ArrayList<>(documents.size());
        for (int i = 0; i < documents.size(); i++) {
            String at = "documents[" + i + "]";
            CollectionDocument document = documents.get(i);
            if (document == null) {
                throw new InvalidInputException(at + " must be an object");
            }
            id(document.id(), at + ".id");
            Integer first = seen.putIfAbsent(document.id(), i);
            if (first != null) {
                throw new InvalidInputException(at + ".id: '" + document.id() + "' repeats documents[" + first
                        + "].id; each id may appear once per request");
            }
            String text = text(document.text(), at + ".text", limits.maxTextLength(), "zerocold.search.max-text-length");
            ObjectNode metadata = document.metadata() == null ? JsonNodeFactory.instance.objectNode() : document.metadata();
            terms(metadata, at + ".metadata");
            checked.add(new CollectionDocument(document.id(), text, metadata));
        }
        return checked;
    }

    /** The text stripped of outer whitespace and checked ({@link Texts#checked}). */
    String text(String raw, String field, int max, String key) {
        return Texts.checked(raw == null ? "" : raw.strip(), field, max, key);
    }

    /** Field name to exact-match term, for metadata and for filters; refused on any field that cannot be one. */
    Map<String, String> terms(ObjectNode object, String field) {
        Map<String, String> terms = new LinkedHashMap<>();
        if (object == null) {
            return terms;
        }
        if (object.size() > limits.maxMetadataFields()) {
            throw new InvalidInputException(field + " has " + object.size() + " fields; at most "
                    + limits.maxMetadataFields() + " are accepted (zerocold.search.max-metadata-fields)");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            if (key.isEmpty() || Texts.isBlank(key) || !Texts.isWellFormed(key)) {
                throw new InvalidInputException(field + " has a field with a blank or malformed name");
            }
            if (key.length() > limits.maxMetadataKeyLength()) {
                throw new InvalidInputException(field + " has a field name of " + key.length() + " characters; at most "
                        + limits.maxMetadataKeyLength() + " are accepted (zerocold.search.max-metadata-key-length)");
            }
            String at = field + "." + shorten(key);
            JsonNode value = entry.getValue();
            int length = value.isTextual() ? value.textValue().length() : value.toString().length();
            if (length > limits.maxMetadataValueLength()) {
                throw new InvalidInputException(at + " is " + length + " characters; at most "
                        + limits.maxMetadataValueLength() + " are accepted (zerocold.search.max-metadata-value-length)");
            }
            if (value.isTextual() && !Texts.isWellFormed(value.textValue())) {
                throw new InvalidInputException(at + " contains an unpaired surrogate (not valid Unicode)");
            }
            terms.put(key, MetadataTerms.of(value).orElseThrow(() -> new InvalidInputException(
                    at + " must be a string, a finite number or a boolean")));
        }
        return terms;
    }

    SearchMode mode(String mode) {
        return mode == null ? SearchMode.HYBRID : SearchMode.of(mode).orElseThrow(() -> new InvalidInputException(
                "mode must be one of hybrid, dense, lexical; got '" + shorten(mode) + "'"));
    }

    int topK(Integer topK) {
        int k = topK == null ? DEFAULT_TOP_K : topK;
        if (k < 1 || k > limits.maxTopK()) {
            throw new InvalidInputException("top_k must be 1 to " + limits.maxTopK()
                    + " (zerocold.search.max-top-k), got " + k);
        }
        return k;
    }

    /** Checks the query's shape for its mode: exactly one of query and vector, as the mode allows. */
    void queryShape(QueryInput input, SearchMode mode) {
        boolean text = input.query() != null;
        boolean vector = input.vector() != null;
        if (text == vector) {
            throw new InvalidInputException("give exactly one of query (text) and vector");
        }
        if (vector && mode != SearchMode.DENSE) {
            throw new InvalidInputException("vector is accepted only with mode dense; mode " + mode.wireName()
                    + " needs query text");
        }
    }

    /** The query vector as floats, checked against the collection's dimensions. */
    float[] vector(double[] vector, int dimensions) {
        if (vector.length != dimensions) {
            throw new InvalidInputException("vector has " + vector.length + " values; the collection's model has "
                    + dimensions + " dimensions");
        }
        float[] floats = new float[vector.length];
        boolean nonZero = false;
        for (int i = 0; i < vector.length; i++) {
            floats[i] = (float) vector[i];
            if (!Float.isFinite(floats[i])) {
                throw new InvalidInputException("vector[" + i + "] is not a finite 32-bit float");
            }
            nonZero |= floats[i] != 0;
        }
        if (!nonZero) {
            throw new InvalidInputException("vector must not be all zeros");
        }
        return floats;
    }

    static String shorten(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() <= 80 ? value : value.substring(0, 80) + "…";
    }
}
