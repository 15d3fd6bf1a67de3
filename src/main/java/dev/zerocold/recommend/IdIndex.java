package dev.zerocold.recommend;

import java.util.Arrays;

/**
 * Bijection between external ids and dense indices {@code 0..size-1}, in the order given.
 * Immutable and thread-safe.
 */
public final class IdIndex {

    private final int[] ids;
    private final int[] sortedIds;
    private final int[] sortedToIndex;

    public IdIndex(int[] ids) {
        this.ids = ids.clone();
        // Sort (id, index) pairs packed into longs: a primitive sort, no boxing.
        long[] pairs = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            pairs[i] = (long) ids[i] << 32 | i;
        }
        Arrays.sort(pairs);
        sortedIds = new int[ids.length];
        sortedToIndex = new int[ids.length];
        for (int i = 0; i < pairs.length; i++) {
            sortedIds[i] = (int) (pairs[i] >> 32);
            sortedToIndex[i] = (int) pairs[i];
            if (i > 0 && sortedIds[i] == sortedIds[i - 1]) {
                throw new IllegalArgumentException("duplicate id " + sortedIds[i]);
            }
        }
    }

    public int size() {
        return ids.length;
    }

    /** The external id at {@code index}. */
    public int id(int index) {
        return ids[index];
    }

    /** The dense index of {@code id}, or -1 when unknown. */
    public int indexOf(int id) {
        int pos = Arrays.binarySearch(sortedIds, id);
        return pos < 0 ? -1 : sortedToIndex[pos];
    }

    /** All ids in index order (a copy). */
    public int[] ids() {
        return ids.clone();
    }
}
