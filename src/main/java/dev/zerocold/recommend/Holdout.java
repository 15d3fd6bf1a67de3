package dev.zerocold.recommend;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A per-user temporal train/test split of rating events. Immutable.
 *
 * @param train       events models may learn from
 * @param test        held-out item ids per user id (ascending user ids)
 * @param trainItems  item ids each user has in {@code train}; excluded from that user's recommendations
 */
public record Holdout(List<Rating> train, Map<Integer, Set<Integer>> test, Map<Integer, Set<Integer>> trainItems) {

    public Holdout {
        train = List.copyOf(train);
        test = freeze(test);
        trainItems = freeze(trainItems);
    }

    private static Map<Integer, Set<Integer>> freeze(Map<Integer, Set<Integer>> map) {
        Map<Integer, Set<Integer>> copy = new TreeMap<>();
        map.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
        return Collections.unmodifiableMap(copy);
    }
}
