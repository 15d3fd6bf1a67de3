package dev.zerocold.search.index;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One document of a collection: its id, its text and its metadata (an object of string, number and
 * boolean values; may be empty, never null). Immutable by convention: the metadata object is not
 * changed once the document is made.
 */
public record CollectionDocument(String id, String text, ObjectNode metadata) {
}
