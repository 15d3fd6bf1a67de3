package dev.zerocold.recommend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.BiFunction;

/**
 * Bounded min-heap keeping the {@code n} best (score, index) pairs offered; ties go to the lower
 * index so rankings are deterministic. Not thread-safe.
 */
final class TopN {

    private record Entry(int index, double score) {
    }

    private static final Comparator<Entry> WORST_FIRST = Comparator.comparingDouble(Entry::score)
            .thenComparing(Comparator.comparingInt(Entry::index).reversed());

    private final int n;
    private final PriorityQueue<Entry> heap;

    TopN(int n) {
        this.n = n;
        this.heap = new PriorityQueue<>(Math.max(1, n + 1), WORST_FIRST);
    }

    void offer(int index, double score) {
        if (n <= 0) {
            return;
        }
        if (heap.size() < n) {
            heap.add(new Entry(index, score));
            return;
        }
        Entry worst = heap.peek();
        if (score > worst.score() || (score == worst.score() && index < worst.index())) {
            heap.poll();
            heap.add(new Entry(index, score));
        }
    }

    /** Best-first list mapped through {@code mapper(index, score)}. */
    <T> List<T> result(BiFunction<Integer, Double, T> mapper) {
        List<Entry> sorted = new ArrayList<>(heap);
        sorted.sort(WORST_FIRST.reversed());
        List<T> out = new ArrayList<>(sorted.size());
        for (Entry e : sorted) {
            out.add(mapper.apply(e.index(), e.score()));
        }
        return out;
    }
}
