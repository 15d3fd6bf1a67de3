package dev.zerocold.search.index;

/** An upsert would take the collection beyond its document limit; nothing was written. */
public final class CollectionFullException extends IllegalStateException {
    private final int live;
    private final int added;
    private final int limit;

    CollectionFullException(int live, int added, int limit) {
        super("the collection holds " + live + " documents; " + added + " new ones would exceed " + limit);
        this.live = live;
        this.added = added;
        this.limit = limit;
    }

    public int live() {
        return live;
    }

    public int added() {
        return added;
    }

    public int limit() {
        return limit;
    }
}
