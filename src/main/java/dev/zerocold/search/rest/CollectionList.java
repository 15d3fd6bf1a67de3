package dev.zerocold.search.rest;

import java.util.List;

/** {@code GET /v1/collections}: every collection, by name. */
public record CollectionList(List<CollectionResponse> collections) {
}
