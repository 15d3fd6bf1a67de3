package dev.zerocold.recommend.service;

import dev.zerocold.recommend.AlsSettings;
import dev.zerocold.recommend.FactorModel;
import dev.zerocold.recommend.Item;
import dev.zerocold.recommend.MovieLensData;
import dev.zerocold.recommend.Rating;
import dev.zerocold.recommend.Strength;
import dev.zerocold.recommend.TrainRecommender;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The retraining rule on a small two-taste catalogue (trains in milliseconds). */
class RetrainerTest {

    private static final AlsSettings SETTINGS = new AlsSettings(4, 1.0, 2.0, 5, 1, Strength.BINARY);

    private static MovieLensData base;
    private static FactorModel serving;
    private static List<Interaction> journal;

    /** 40 items, 1-20 genre A and 21-40 genre B; 60 users, odd ones like A, even ones B; 8 ratings each. */
    @BeforeAll
    static void data() {
        Map<Integer, Item> movies = new TreeMap<>();
        for (int id = 1; id <= 40; id++) {
            movies.put(id, new Item(id, "Movie " + id, List.of(id <= 20 ? "A" : "B"), 0));
        }
        Random random = new Random(3);
        List<Rating> ratings = new ArrayList<>();
        for (int user = 1; user <= 60; user++) {
            int offset = user % 2 == 1 ? 1 : 21;
            for (int t = 0; t < 8; t++) {
                ratings.add(new Rating(user, offset + random.nextInt(20), 4, 1000L * user + t));
            }
        }
        base = new MovieLensData(ratings, movies);
        serving = TrainRecommender.train(SETTINGS, base, base.ratings());
        journal = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            journal.add(new Interaction("zoe", 2 + 3 * t, null, 2_000_000_000L + t));
        }
        journal.add(new Interaction("1", 5, 5.0f, 2_000_000_100L));
        journal.add(new Interaction("1", 999, 5.0f, 2_000_000_101L));   // not in the catalogue: ignored
    }

    @Test
    void aCandidateThatIsNotWorseIsSwappedInAndKnowsTheNewUsers() {
        Retrainer.Result result = new Retrainer(1.0).retrain(base, journal, serving, 0);
        assertEquals(Retrainer.Outcome.SWAPPED, result.outcome());
        assertEquals(journal.size(), result.journalEntries());
        assertTrue(result.candidateNdcg() >= 0 && result.candidateNdcg() <= 1, "NDCG " + result.candidateNdcg());
        assertTrue(result.model().userIndex(-1) >= 0, "zoe should be a trained user");
        assertTrue(containsItem(result.model(), 1, 5), "user 1's new interaction should be trained on");
        assertTrue(result.model().history(result.model().userIndex(-1)).size() == 6);
        assertEquals(Map.of("zoe", -1), result.namedUsers());
    }

    @Test
    void aSwappedInModelServesNamedUsersByTheirOwnVector() {
        Retrainer.Result result = new Retrainer(1.0).retrain(base, journal, serving, 0);
        RecommenderModel model = new RecommenderModel(serving);
        assertFalse(model.servesUser("zoe"));
        assertTrue(model.servesUser("1"));
        RecommendQuery zoe = new RecommendQuery("zoe", 5, true, null, List.of());
        assertEquals(Recommendations.Strategy.POPULAR, model.predict(List.of(zoe)).get(0).value().strategy());

        model = new RecommenderModel(result.model(), result.journalEntries(), result.namedUsers());
        assertTrue(model.servesUser("zoe"));
        assertFalse(model.servesUser("nobody"));
        Recommendations served = model.predict(List.of(zoe)).get(0).value();
        assertEquals(Recommendations.Strategy.PERSONALIZED, served.strategy());
        // zoe rated items 2, 5, 8, 11, 14, 17 (genre A): never returned, and her taste is A.
        List<Integer> ids = served.items().stream().map(s -> s.item().id()).toList();
        assertEquals(5, ids.size());
        for (int id : ids) {
            assertTrue(id <= 20 && !List.of(2, 5, 8, 11, 14, 17).contains(id), "recommended " + ids);
        }
    }

    @Test
    void aWorseCandidateIsKept() {
        Retrainer.Result result = new Retrainer(-1.0).retrain(base, journal, serving, 0);
        assertEquals(Retrainer.Outcome.KEPT, result.outcome());
        assertEquals(0, result.journalEntries());
        assertNull(result.model());
    }

    @Test
    void nothingNewIsSkipped() {
        Retrainer.Result result = new Retrainer(1.0).retrain(base, journal, serving, journal.size());
        assertEquals(Retrainer.Outcome.SKIPPED, result.outcome());
        assertNull(result.model());
    }

    @Test
    void aCompactedJournalIsCountedBySequenceNumbers() {
        // As after compaction: 8 entries numbered 4..11 (earlier duplicates folded away), next 12.
        long[] seqs = {4, 5, 6, 7, 8, 9, 10, 11};
        JournalEntries compacted = new JournalEntries(journal, seqs, 12);
        assertEquals(Retrainer.Outcome.SKIPPED, new Retrainer(1.0).retrain(base, compacted, serving, 12).outcome());
        Retrainer.Result result = new Retrainer(1.0).retrain(base, compacted, serving, 10);
        assertEquals(Retrainer.Outcome.SWAPPED, result.outcome());
        assertEquals(12, result.journalEntries());  // the watermark, not the number of lines
        assertTrue(result.model().userIndex(-1) >= 0, "zoe should be a trained user");
    }

    private static boolean containsItem(FactorModel model, int userId, int itemId) {
        int item = model.itemIndex(itemId);
        for (int i : model.history(model.userIndex(userId)).items()) {
            if (i == item) {
                return true;
            }
        }
        return false;
    }
}
