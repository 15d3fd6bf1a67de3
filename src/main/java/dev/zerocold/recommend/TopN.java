package dev.zerocold.recommend;

import java.util.ArrayList;
import java.util.List;

/**
 * Bounded min-heap keeping the {@code n} best (score, index) pairs offered; ties go to the lower
 * index so rankings are deterministic. Primitive arrays, no allocation per offer: a candidate that
 * cannot enter costs one comparison. Not thread-safe.
 */
final class TopN {

    /** Maps a kept (index, score) pair to a result element. */
    @FunctionalInterface
    interface Mapper<T> {
        T map(int index, double score);
    }

    private final int n;
    private final int[] indices;
    private final double[] scores;
    private int size;

    TopN(int n) {
        this.n = Math.max(0, n);
        this.indices = new int[this.n];
        this.scores = new double[this.n];
    }

    void offer(int index, double score) {
        if (size < n) {
            indices[size] = index;
            scores[size] = score;
            siftUp(size++);
        } else if (n > 0 && (score > scores[0] || (score == scores[0] && index < indices[0]))) {
            indices[0] = index;
            scores[0] = score;
            siftDown(0);
        }
    }

    /** Best-first list mapped through {@code mapper(index, score)}. */
    <T> List<T> result(Mapper<T> mapper) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        // Insertion sort, best first: n is a page of results (tens), not the catalogue.
        for (int i = 1; i < size; i++) {
            int slot = order[i];
            int j = i - 1;
            while (j >= 0 && worse(order[j], slot)) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = slot;
        }
        List<T> out = new ArrayList<>(size);
        for (int slot : order) {
            out.add(mapper.map(indices[slot], scores[slot]));
        }
        return out;
    }

    /** True if the pair in slot {@code a} ranks below the pair in slot {@code b}. */
    private boolean worse(int a, int b) {
        return scores[a] < scores[b] || (scores[a] == scores[b] && indices[a] > indices[b]);
    }

    private void siftUp(int slot) {
        while (slot > 0) {
            int parent = (slot - 1) >>> 1;
            if (!worse(slot, parent)) {
                return;
            }
            swap(slot, parent);
            slot = parent;
        }
    }

    private void siftDown(int slot) {
        while (true) {
            int left = 2 * slot + 1;
            if (left >= size) {
                return;
            }
            int right = left + 1;
            int child = right < size && worse(right, left) ? right : left;
            if (!worse(child, slot)) {
                return;
            }
            swap(slot, child);
            slot = child;
        }
    }

    private void swap(int a, int b) {
        int index = indices[a];
        indices[a] = indices[b];
        indices[b] = index;
        double score = scores[a];
        scores[a] = scores[b];
        scores[b] = score;
    }
}
