package dev.zerocold.search.index;

/** The collection was closed (deleted, or suspended for a snapshot) while it was being used. */
public final class ClosedCollectionException extends IllegalStateException {
    ClosedCollectionException() {
        super("the collection is closed");
    }
}
