package dev.zerocold.search.rest;

/** The number of documents written, answered once they are committed to disk. */
public record UpsertResponse(int upserted) {
}
