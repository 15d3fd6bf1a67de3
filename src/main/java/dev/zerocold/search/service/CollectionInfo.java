package dev.zerocold.search.service;

import java.time.Instant;

/** What a collection is: its name, binding and live document count. Immutable. */
public record CollectionInfo(String name, String model, String version, int dimensions, int documents,
                             Instant created) {
}
