package dev.zerocold.recommend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Offline evaluation by per-user temporal holdout: for each user with at least
 * {@value #MIN_INTERACTIONS} events, the latest {@value #HOLDOUT_FRACTION} of them (rounded, at
 * least one; ties in time broken by item id) are held out; the rest is training data. Rankers
 * recommend {@code cutoff} items per user, excluding the user's training items, and are scored by
 * precision, recall and NDCG against the held-out items. Stateless and thread-safe.
 */
public final class Evaluation {

    public static final int MIN_INTERACTIONS = 5;
    public static final double HOLDOUT_FRACTION = 0.2;
    public static final int CUTOFF = 10;

    /** Ranks items for a user; returns at most {@code n} item ids, best first, none from {@code exclude}. */
    @FunctionalInterface
    public interface Ranker {
        List<Integer> recommend(int userId, int n, Set<Integer> excludeItemIds);
    }

    private Evaluation() {
    }

    /** Splits {@code ratings} as described in the class documentation. */
    public static Holdout split(List<Rating> ratings) {
        Map<Integer, List<Rating>> byUser = new TreeMap<>();
        for (Rating r : ratings) {
            byUser.computeIfAbsent(r.userId(), u -> new ArrayList<>()).add(r);
        }
        List<Rating> train = new ArrayList<>(ratings.size());
        Map<Integer, Set<Integer>> test = new TreeMap<>();
        Map<Integer, Set<Integer>> trainItems = new TreeMap<>();
        for (Map.Entry<Integer, List<Rating>> e : byUser.entrySet()) {
            List<Rating> events = e.getValue();
            events.sort(Comparator.comparingLong(Rating::timestamp).thenComparingInt(Rating::itemId));
            int held = events.size() < MIN_INTERACTIONS ? 0
                    : Math.max(1, (int) Math.round(events.size() * HOLDOUT_FRACTION));
            int cut = events.size() - held;
            Set<Integer> seen = new HashSet<>();
            for (Rating r : events.subList(0, cut)) {
                train.add(r);
                seen.add(r.itemId());
            }
            trainItems.put(e.getKey(), seen);
            if (held > 0) {
                Set<Integer> heldItems = new HashSet<>();
                events.subList(cut, events.size()).forEach(r -> heldItems.add(r.itemId()));
                heldItems.removeAll(seen);
                if (!heldItems.isEmpty()) {
                    test.put(e.getKey(), heldItems);
                }
            }
        }
        return new Holdout(train, test, trainItems);
    }

    /** Scores {@code ranker} on every user of {@code holdout.test()}. */
    public static Metrics evaluate(Holdout holdout, Ranker ranker, int cutoff) {
        double precision = 0;
        double recall = 0;
        double ndcg = 0;
        for (Map.Entry<Integer, Set<Integer>> e : holdout.test().entrySet()) {
            Set<Integer> relevant = e.getValue();
            List<Integer> ranked = ranker.recommend(e.getKey(), cutoff,
                    holdout.trainItems().getOrDefault(e.getKey(), Set.of()));
            int hits = 0;
            double dcg = 0;
            for (int r = 0; r < Math.min(cutoff, ranked.size()); r++) {
                if (relevant.contains(ranked.get(r))) {
                    hits++;
                    dcg += 1 / log2(r + 2);
                }
            }
            double idcg = 0;
            for (int r = 0; r < Math.min(cutoff, relevant.size()); r++) {
                idcg += 1 / log2(r + 2);
            }
            precision += (double) hits / cutoff;
            recall += (double) hits / relevant.size();
            ndcg += dcg / idcg;
        }
        int users = holdout.test().size();
        return users == 0 ? new Metrics(0, 0, 0, 0)
                : new Metrics(precision / users, recall / users, ndcg / users, users);
    }

    /** Ranks by interaction count in {@code train} (ties by lower item id), the same list for every user. */
    public static Ranker popularity(List<Rating> train) {
        Map<Integer, Integer> counts = new HashMap<>();
        train.forEach(r -> counts.merge(r.itemId(), 1, Integer::sum));
        List<Integer> order = new ArrayList<>(counts.keySet());
        order.sort(Comparator.<Integer>comparingInt(counts::get).reversed().thenComparing(Comparator.naturalOrder()));
        return (userId, n, exclude) -> order.stream().filter(i -> !exclude.contains(i)).limit(n).toList();
    }

    /** Ranks by {@link FactorModel#topN(int, int, Set, Predicate)}; unknown users get nothing. */
    public static Ranker of(FactorModel model) {
        return (userId, n, exclude) -> {
            int u = model.userIndex(userId);
            if (u < 0) {
                return List.of();
            }
            Set<Integer> excluded = new HashSet<>();
            for (int id : exclude) {
                int i = model.itemIndex(id);
                if (i >= 0) {
                    excluded.add(i);
                }
            }
            return model.topN(u, n, excluded, item -> true).stream().map(s -> s.item().id()).toList();
        };
    }

    private static double log2(int x) {
        return StrictMath.log(x) / StrictMath.log(2);
    }
}
