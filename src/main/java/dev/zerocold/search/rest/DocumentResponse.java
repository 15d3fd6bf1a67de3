package dev.zerocold.search.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One stored document. */
public record DocumentResponse(String id, String text, ObjectNode metadata) {
}
