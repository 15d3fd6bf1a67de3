package dev.zerocold.search.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** {@code POST /v1/collections/{name}/documents}: documents to add or replace by id. */
public record UpsertRequest(List<DocumentInput> documents) {

    /** One document: id, text and optional metadata (string, number and boolean values). */
    public record DocumentInput(String id, String text, ObjectNode metadata) {
    }
}
