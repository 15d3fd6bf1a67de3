package dev.zerocold.runtime.snapshot;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Answer of {@code POST /snapshot/prepare}: the state ({@code prepared}), how many resources took
 * part, the heap in use after the collection, and how long preparing took.
 */
@RegisterForReflection
public record SnapshotResponse(String state, int resources, long heapUsedBytes, long prepareMs) {
}
