package dev.zerocold.search.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;

import java.io.IOException;
import java.util.Set;

/**
 * The Lucene fields of a collection's documents: {@code _id} (exact, stored), {@code text} (analysed,
 * stored), {@code vector} (HNSW, DOT_PRODUCT on the L2-normalised vector), {@code _metadata} (the
 * metadata JSON, stored), one exact-match {@code m.<field>} term per metadata value
 * ({@link MetadataTerms}) and {@code _fields}, the names of the document's metadata fields (so that a
 * filter on a field no document has is recognised). Stateless.
 */
final class IndexedFields {

    static final String ID = "_id";
    static final String TEXT = "text";
    static final String VECTOR = "vector";
    static final String METADATA = "_metadata";
    static final String FIELDS = "_fields";
    static final String META_PREFIX = "m.";

    private static final ObjectMapper JSON = new ObjectMapper();

    private IndexedFields() {
    }

    static Document document(CollectionDocument source, float[] vector) {
        Document doc = new Document();
        doc.add(new StringField(ID, source.id(), Field.Store.YES));
        doc.add(new TextField(TEXT, source.text(), Field.Store.YES));
        doc.add(new KnnFloatVectorField(VECTOR, CollectionIndex.normalised(vector), VectorSimilarityFunction.DOT_PRODUCT));
        doc.add(new StoredField(METADATA, source.metadata().toString()));
        source.metadata().fields().forEachRemaining(field -> MetadataTerms.of(field.getValue()).ifPresent(term -> {
            doc.add(new StringField(META_PREFIX + field.getKey(), term, Field.Store.NO));
            doc.add(new StringField(FIELDS, field.getKey(), Field.Store.NO));
        }));
        return doc;
    }

    static CollectionDocument stored(IndexSearcher searcher, int doc) throws IOException {
        Document fields = searcher.storedFields().document(doc, Set.of(ID, TEXT, METADATA));
        return new CollectionDocument(fields.get(ID), fields.get(TEXT),
                (ObjectNode) JSON.readTree(fields.get(METADATA)));
    }
}
