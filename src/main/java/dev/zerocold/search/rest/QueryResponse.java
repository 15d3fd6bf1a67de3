package dev.zerocold.search.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** The results of a query, best first. */
public record QueryResponse(List<Result> results) {

    /** One result: the document and its score in the query's mode. */
    public record Result(String id, double score, String text, ObjectNode metadata) {
    }
}
