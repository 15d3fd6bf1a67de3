package dev.zerocold.search.rest;

import dev.zerocold.search.service.CollectionInfo;

import java.time.Instant;

/** A collection: its name, binding (model, version, dimensions), live document count and creation time. */
public record CollectionResponse(String name, String model, String version, int dimensions, int documents,
                                 Instant created) {

    static CollectionResponse of(CollectionInfo info) {
        return new CollectionResponse(info.name(), info.model(), info.version(), info.dimensions(), info.documents(),
                info.created());
    }
}
