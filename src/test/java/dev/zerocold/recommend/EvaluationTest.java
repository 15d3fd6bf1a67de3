package dev.zerocold.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class EvaluationTest {

    private static List<Rating> events(int user, int count) {
        List<Rating> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new Rating(user, 100 + i, 3, 1000 - i));
        }
        return out;
    }

    @Test
    void holdsOutTheLatestFifthOfEachUserWithAtLeastFiveEvents() {
        List<Rating> ratings = new ArrayList<>();
        ratings.addAll(events(1, 10));
        ratings.addAll(events(2, 5));
        ratings.addAll(events(3, 4));
        Holdout h = Evaluation.split(ratings);
        assertEquals(Map.of(1, Set.of(100, 101), 2, Set.of(100)), h.test());
        assertEquals(8 + 4 + 4, h.train().size());
        assertEquals(Set.of(102, 103, 104, 105, 106, 107, 108, 109), h.trainItems().get(1));
        assertEquals(4, h.trainItems().get(3).size());
    }

    @Test
    void scoresPrecisionRecallAndNdcg() {
        Holdout h = new Holdout(List.of(), Map.of(1, Set.of(5, 6), 2, Set.of(9)), Map.of());
        Evaluation.Ranker ranker = (user, n, exclude) -> user == 1 ? List.of(5, 7, 6) : List.of(8, 1);
        Metrics m = Evaluation.evaluate(h, ranker, 3);
        double idcg = 1 + 1 / log2(3);
        double ndcgUser1 = (1 + 1 / log2(4)) / idcg;
        assertEquals((2 / 3.0 + 0) / 2, m.precision(), 1e-12);
        assertEquals((1 + 0) / 2.0, m.recall(), 1e-12);
        assertEquals(ndcgUser1 / 2, m.ndcg(), 1e-12);
        assertEquals(2, m.users());
    }

    @Test
    void popularityRanksByTrainingCountsAndSkipsExclusions() {
        List<Rating> train = List.of(new Rating(1, 30, 1, 0), new Rating(2, 30, 1, 0), new Rating(1, 20, 1, 0),
                new Rating(3, 10, 1, 0));
        Evaluation.Ranker pop = Evaluation.popularity(train);
        assertEquals(List.of(30, 10, 20), pop.recommend(9, 5, Set.of()));
        assertEquals(List.of(10), pop.recommend(9, 1, Set.of(30)));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
